/**
 * npm run fake-portal -- [--port N] [--scenario name] [--delay ms] [--theme light|dark]
 * Starts the fake portal until Ctrl-C and prints how to reach it.
 */
import { parseArgs } from 'node:util';
import { startFakePortal } from './server';

function fail(message: string): never {
  console.error(`fake-portal: ${message}`);
  process.exit(2);
}

let values: { port?: string; scenario?: string; delay?: string; theme?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      delay: { type: 'string' },
      theme: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

if (values.help) {
  console.log('Usage: npm run fake-portal -- [--port N] [--scenario default|empty|many:N|hostile|<json name>] [--delay ms] [--theme light|dark]');
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got "${values.port}"`);
const delay = values.delay === undefined ? undefined : Number(values.delay);
if (delay !== undefined && (!Number.isFinite(delay) || delay < 0)) fail(`--delay must be milliseconds, got "${values.delay}"`);
if (values.theme !== undefined && values.theme !== 'light' && values.theme !== 'dark') fail('--theme must be light or dark');

let fake;
try {
  fake = await startFakePortal({
    port,
    scenario: values.scenario ?? 'default',
    ...(delay !== undefined ? { pageRenderDelayMs: delay } : {}),
    ...(values.theme ? { theme: values.theme as 'light' | 'dark' } : {}),
  });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const s = fake.state();
console.log(`Fake Defender portal: ${fake.url}/action-center`);
console.log(`  scenario ${s.scenario}: ${s.pending.length} pending, ${s.history.length} in history; analyst ${s.analyst}`);
console.log(`  in Chromium: --host-resolver-rules="${fake.hostResolverRules}" --ignore-certificate-errors`);
console.log(`  then open ${fake.portalUrl('/action-center')}`);
console.log(`  control: ${fake.url}/__fake/state (see test/fake-portal/README.md)`);
console.log('  Ctrl-C to stop');

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
