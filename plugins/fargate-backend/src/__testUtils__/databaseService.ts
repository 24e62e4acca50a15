import { DatabaseManager } from '@backstage/backend-defaults/database';
import { coreServices, createServiceFactory, type DatabaseService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { setTimeout as sleep } from 'node:timers/promises';

type DatabaseClient = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * How long a plugin's database must go without a query before it is destroyed. Longer than the 1 s
 * poll of the scaffolder's task-event loop (plugin-scaffolder-backend 4.2, `StorageTaskBroker.event$`,
 * subscribed to by `registerCancellable` for each claimed task): that loop is not stopped at shutdown,
 * ends only once it has read the task's completion event, and has no error handling, so a query of it
 * on a destroyed client would be an unhandled rejection that kills the jest process.
 */
const QUIET_MS = 2_000;
/** The longest a shutdown waits for that quiet before destroying the client all the same. */
const MAX_DRAIN_MS = 10_000;

/**
 * Backstage's database service as the test backend has it by default (each plugin its own in-memory
 * SQLite database, through Backstage's DatabaseManager), except that the backend's root shutdown
 * destroys every client it handed out. Backstage's DatabaseManager leaves SQLite clients open at
 * shutdown on purpose (backend-defaults 0.18, `DatabaseManagerImpl.shutdown`: "sqlite3 does not support
 * destroy, it hangs"), and each open knex pool keeps a connection (min 1) and tarn's reaping
 * `setInterval`, which keeps the process alive after `backend.stop()`. better-sqlite3 closes at once.
 */
export const destroyedOnShutdownDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    rootLifecycle: coreServices.rootLifecycle,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
  },
  async createRootContext({ rootLifecycle }) {
    // No root lifecycle for the manager: the hook below does its shutdown, SQLite included.
    const manager = DatabaseManager.fromConfig(
      new ConfigReader({ backend: { database: { client: 'better-sqlite3', connection: ':memory:' } } }),
    );
    const clients = new OpenClients();
    rootLifecycle.addShutdownHook(() => clients.destroyWhenQuiet());
    return { manager, clients };
  },
  async factory({ pluginMetadata, lifecycle, logger }, { manager, clients }): Promise<DatabaseService> {
    const database = manager.forPlugin(pluginMetadata.getId(), { lifecycle, logger });
    return {
      ...database,
      getClient() {
        const client = database.getClient();
        clients.add(client);
        return client;
      },
    };
  },
});

/** The clients handed out, each with when it last ran a query. */
class OpenClients {
  readonly #lastQueryAt = new Map<DatabaseClient, number>();
  readonly #opening = new Set<Promise<DatabaseClient>>();

  /** The manager gives each plugin one client, the same promise on every call. */
  add(client: Promise<DatabaseClient>) {
    if (this.#opening.has(client)) return;
    this.#opening.add(client);
    // A client that fails to open is its plugin's error (the caller has it): nothing to destroy.
    client.then(
      c => {
        this.#lastQueryAt.set(c, Date.now());
        c.on('query', () => this.#lastQueryAt.set(c, Date.now()));
      },
      () => {},
    );
  }

  /** Destroys each client once it has gone QUIET_MS without a query, or after MAX_DRAIN_MS. */
  async destroyWhenQuiet(): Promise<void> {
    await Promise.allSettled(this.#opening);
    const deadline = Date.now() + MAX_DRAIN_MS;
    await Promise.all(
      [...this.#lastQueryAt.keys()].map(async client => {
        while (Date.now() - this.#lastQueryAt.get(client)! < QUIET_MS && Date.now() < deadline) await sleep(100);
        await client.destroy();
      }),
    );
  }
}
