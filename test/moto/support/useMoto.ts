import type { SimState } from '@fargatekeeper/core';
import { AwsAccount } from '@fargatekeeper/core/aws';
import { Moto, REGION } from './moto';
import { MotoWorld } from './world';

/** What a moto test file works with: the server, the world built in it, and an AwsAccount talking to it. */
export interface MotoSuite {
  server: Moto;
  world: MotoWorld;
  account: AwsAccount;
}

/**
 * A moto test file's setup, in the `describeWithMoto` body: before its tests, moto started (the EKS
 * quota answering 10), this process's SDK pointed at it, the world of `state()` seeded and an
 * AwsAccount of `REGION` opened; after them, each undone. The fields are set once that `beforeAll`
 * has run: read them in hooks and tests, not while the file's tests are being declared.
 */
export function useMoto(state: () => SimState | Promise<SimState>): MotoSuite {
  const suite = {} as MotoSuite;
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    suite.server = await Moto.start({ eksQuota: 10 });
    restoreEnv = suite.server.useInProcess();
    suite.world = new MotoWorld();
    await suite.world.seed(await state());
    suite.account = new AwsAccount({ region: REGION });
  }, 60_000);

  afterAll(async () => {
    suite.account?.destroy();
    suite.world?.destroy();
    restoreEnv?.();
    await suite.server?.stop();
  });

  return suite;
}
