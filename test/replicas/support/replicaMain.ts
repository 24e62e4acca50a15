// One backend replica in a process of its own (see replica.ts): `FARGATE_REPLICA` holds its config.
import { readFileSync } from 'node:fs';
import { startReplica, type ReplicaConfig } from './replica';

const config = JSON.parse(process.env.FARGATE_REPLICA ?? '') as ReplicaConfig;
startReplica(config, JSON.parse(readFileSync(config.sim.file, 'utf8'))).catch(error => {
  console.error(error);
  process.exit(1);
});
