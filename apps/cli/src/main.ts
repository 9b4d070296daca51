#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { generateKeyPair, parsePolicy, policyJsonSchema } from '@readygate/rules';
import { demo } from './demo.js';

const USAGE = `Usage: readygate <command>
  demo                  run the demo against the embedded fake Jira (member enrollment portal)
  policy check <file>   check a policy file (JSON) and list every problem with its path
  policy schema         print the policy's JSON Schema
  keygen                print a new signing key pair (keep the private key secret)`;

const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** Runs one command and returns the exit code; every expected failure is one line on stderr. */
export async function main(args: readonly string[]): Promise<number> {
  const [command, sub, file] = args;
  switch (command) {
    case 'demo':
      return demo(print);
    case 'keygen': {
      const pair = generateKeyPair();
      print(`public key (paste into the GitHub Action's public-key input): ${pair.publicKey.text}`);
      print(`private key (store as a secret; never commit it): ${pair.privateKeyText}`);
      return 0;
    }
    case 'policy':
      if (sub === 'schema') {
        print(JSON.stringify(policyJsonSchema(), null, 2));
        return 0;
      }
      if (sub === 'check' && file) {
        let data: unknown;
        try {
          data = JSON.parse(await readFile(file, 'utf8'));
        } catch (e) {
          process.stderr.write(
            `readygate: cannot read ${file} as JSON (${e instanceof Error ? (e.message.split('\n', 1)[0] ?? '') : 'unknown error'}): fix the file or the path.\n`,
          );
          return 2;
        }
        const parsed = parsePolicy(data);
        if (parsed.ok) {
          print(`${file}: valid policy (version ${parsed.value.version}).`);
          return 0;
        }
        for (const issue of parsed.issues) process.stderr.write(`${file}: ${issue.message}\n`);
        return 1;
      }
      break;
    default:
      break;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`readygate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
