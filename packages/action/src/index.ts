// The entry the bundle starts from: everything happens in run(), which reports its own failures.
import { run } from './main';

void run();
