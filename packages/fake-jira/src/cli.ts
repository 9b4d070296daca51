#!/usr/bin/env node
/**
 * Starts the fake Jira with the enrollment demo data set on a fixed port:
 *   fake-jira [--port 4010] [--host 127.0.0.1] [--latency 0] [--no-policy]
 * A fresh DEMO key pair is generated on every start; its public key is printed so the demo can verify records.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_POLICY, generateKeyPair } from '@readygate/rules';
import { buildEnrollmentDataset, ENROLLMENT_DEMO_USERS } from './datasets/enrollment.js';
import { start } from './server.js';

function fail(message: string): never {
  process.stderr.write(`fake-jira: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; latency?: string; 'no-policy'?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        'no-policy': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    fail(
      `${e instanceof Error ? e.message : String(e)}. Usage: fake-jira [--port 4010] [--host 127.0.0.1] [--latency ms] [--no-policy]`,
    );
  }
  const port = Number(values.port ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be a port number, got "${values.port ?? ''}".`);
  const latencyMs = Number(values.latency ?? '0');
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    fail(`--latency must be milliseconds, got "${values.latency ?? ''}".`);
  const keys = generateKeyPair();
  const dataset = buildEnrollmentDataset({
    privateKey: keys.privateKey,
    now: new Date(),
    ...(values['no-policy'] === true ? {} : { policy: DEFAULT_POLICY }),
  });
  let server;
  try {
    server = await start({ port, host: values.host ?? '127.0.0.1', dataset, latencyMs });
  } catch (e) {
    fail(
      `could not listen on port ${port}: ${e instanceof Error ? e.message : String(e)}. Choose another with --port.`,
    );
  }
  const lines = [
    `Fake Jira (member enrollment demo, project ENR) listening on ${server.url}`,
    '',
    'Demo credentials (basic auth email:token; they open nothing but this local fake):',
    ...Object.entries(ENROLLMENT_DEMO_USERS).map(
      ([role, u]) =>
        `  ${role.padEnd(6)} ${u.email}  ${u.apiToken}${'bearerToken' in u ? `  (bearer: ${u.bearerToken})` : ''}`,
    ),
    '',
    `DEMO public key (generated for this run only; records are signed with its private half):`,
    `  ${keys.publicKey.text}`,
    '',
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
