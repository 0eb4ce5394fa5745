import { runCli } from './run';

/** Process entry of the operator CLI (`npm run portside -- <command>`, or dist/backend/cli.js). */
const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
// Exit once stdout has drained (a large export piped elsewhere), even if stdin is still open.
process.stdout.write('', () => process.exit(code));
