// The bogus upstream as a process of its own (the hostile-input suite runs it so): prints
// "bogus-upstream listening <port>" and stops when its stdin closes, so it never outlives the test.
import { startBogusUpstream } from './bogus-upstream';

const upstream = await startBogusUpstream();
process.stdout.write(`bogus-upstream listening ${upstream.port}\n`);
const stop = (): void => void upstream.close().then(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
