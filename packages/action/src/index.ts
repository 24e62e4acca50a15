// The entry the bundle starts from: everything happens in run(), which reports its own failures.
import { cancelExitCode } from '@fargatekeeper/core/node';
import { run } from './main';

void run().then(() => {
  // A cancelled apply has saved and reported: a call still in flight (AWS answers it later) must not keep the step running.
  if (Object.values(cancelExitCode).includes(Number(process.exitCode))) process.exit();
});
