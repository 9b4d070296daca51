import { ReadyGateError } from '@readygate/rules';
import { Command, CommanderError, Option } from 'commander';
import {
  checkCommand,
  fieldsCommand,
  releaseCommand,
  sprintCommand,
  type VerdictFlags,
} from './jira-commands.js';
import { keygenCommand, policyCheckCommand, policySchemaCommand, verifyCommand } from './local-commands.js';
import { demoCommand } from './demo-command.js';
import { CliError, type Io } from './io.js';

/** The CLI's version, printed by `--version`. */
export const VERSION = '0.1.0';

const ENV_HELP = `
Configuration (flags win over the environment):
  JIRA_URL              your site, e.g. https://acme.atlassian.net   (--jira-url)
  JIRA_EMAIL            the account the token belongs to              (--jira-email)
  JIRA_TOKEN            an API token (environment only: never a flag, never printed)
  READYGATE_PUBLIC_KEY  the public key(s) from the ReadyGate settings page, one a line or comma-separated (--public-key)
  READYGATE_POLICY      a policy file (JSON) instead of each project's signed policy (--policy)

Exit codes: 0 pass, 1 gate failed (or could not be judged), 2 usage or configuration error.`;

function jiraOptions(cmd: Command): Command {
  return cmd
    .option('--jira-url <url>', 'Jira site (default: $JIRA_URL)')
    .option('--jira-email <email>', 'account email (default: $JIRA_EMAIL)')
    .option('--public-key <keys>', 'trusted public key(s) (default: $READYGATE_PUBLIC_KEY)')
    .option('--policy <file>', 'policy file instead of the project policy (default: $READYGATE_POLICY)');
}

function formatOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--json', 'machine-readable output').conflicts('markdown'))
    .option('--markdown', 'Markdown output (for a PR comment or a wiki)');
}

/**
 * Builds the `readygate` command. Actions set `result.code`; commander's own exits (help, version, usage
 * errors) are turned into values by `exitOverride`, so nothing here calls `process.exit`.
 */
export function buildProgram(io: Io, result: { code: number }): Command {
  const program = new Command('readygate');
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<number> | number) =>
    async (...args: A): Promise<void> => {
      result.code = await action(...args);
    };
  program
    .description(
      "ReadyGate: check Jira stories, sprints and releases against your team's gates, and run the demo.",
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError(true)
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .addHelpText('after', `${ENV_HELP}\n\nStart here: readygate demo`);

  const configure = (cmd: Command): Command =>
    cmd.configureOutput({ writeOut: io.out, writeErr: io.err }).exitOverride().showHelpAfterError(true);

  configure(
    formatOptions(
      jiraOptions(
        program
          .command('check')
          .description('judge stories against a gate (one Jira search for all keys)')
          .argument('<keys...>', 'issue keys, e.g. ENR-102 ENR-103'),
      ),
    )
      .addOption(new Option('--gate <gate>', 'the gate').choices(['ready', 'done', 'merge']).default('merge'))
      .addHelpText(
        'after',
        '\nExamples:\n  readygate check ENR-102 ENR-103\n  readygate check ENR-105 --gate ready --json',
      )
      .action(
        run((keys: string[], flags: VerdictFlags & { gate: 'ready' | 'done' | 'merge' }) =>
          checkCommand(keys, flags, io),
        ),
      ),
  );

  configure(
    formatOptions(
      jiraOptions(
        program
          .command('sprint')
          .description('readiness of a sprint: goal, every story ready, capacity against velocity')
          .argument('<sprint-id>', 'the sprint id (in the board URL)'),
      ),
    )
      .addHelpText(
        'after',
        '\nExamples:\n  readygate sprint 43\n  readygate sprint 43 --markdown > sprint-43.md',
      )
      .action(run((id: string, flags: VerdictFlags) => sprintCommand(id, flags, io))),
  );

  configure(
    formatOptions(
      jiraOptions(
        program
          .command('release')
          .description("the go/no-go checklist of a version and the state of the PO's decision")
          .argument('<version>', 'version name or id, e.g. 2.0'),
      ),
    )
      .requiredOption('--project <KEY>', 'the project key, e.g. ENR')
      .addHelpText(
        'after',
        '\nExamples:\n  readygate release 2.0 --project ENR\n  readygate release 2.0 --project ENR --json',
      )
      .action(
        run((version: string, flags: VerdictFlags & { project: string }) =>
          releaseCommand(version, flags, io),
        ),
      ),
  );

  const policy = configure(
    program.command('policy').description('check a policy file or print its JSON Schema'),
  ).addHelpText(
    'after',
    '\nExamples:\n  readygate policy check readygate-policy.json\n  readygate policy schema > policy.schema.json',
  );
  configure(
    policy
      .command('check')
      .description('list every problem of a policy file in one pass, with its path and how to fix it')
      .argument('<file>', 'the policy (JSON), or - for stdin')
      .option('--json', 'machine-readable output')
      .addHelpText('after', '\nExamples:\n  readygate policy check readygate-policy.json')
      .action(run((file: string, flags: { json?: boolean }) => policyCheckCommand(file, flags, io))),
  );
  configure(
    policy
      .command('schema')
      .description("print the policy's JSON Schema (for editors)")
      .addHelpText('after', '\nExamples:\n  readygate policy schema > policy.schema.json')
      .action(run(() => policySchemaCommand(io))),
  );

  configure(
    program
      .command('keygen')
      .description('print a new signing key pair (keep the private key secret)')
      .option('--json', 'machine-readable output')
      .addHelpText('after', '\nExamples:\n  readygate keygen')
      .action(run((flags: { json?: boolean }) => keygenCommand(flags, io))),
  );

  configure(
    program
      .command('verify')
      .description('check a signed envelope against the public key(s) and say why it fails')
      .argument('<file>', 'the envelope (JSON), or - for stdin')
      .option('--public-key <keys>', 'trusted public key(s) (default: $READYGATE_PUBLIC_KEY)')
      .option(
        '--subject <subject>',
        'where it was read from: issue:<id>:<key>, project:<id>:<key>, version:<projectKey>:<versionId>',
      )
      .option('--json', 'machine-readable output')
      .addHelpText(
        'after',
        '\nExamples:\n  readygate verify envelope.json --subject issue:10102:ENR-102\n  curl … /properties/readygate | jq .value | readygate verify -',
      )
      .action(
        run((file: string, flags: { publicKey?: string; subject?: string; json?: boolean }) =>
          verifyCommand(file, flags, io),
        ),
      ),
  );

  configure(
    program
      .command('fields')
      .description(
        "list the site's fields, to find the ids of the estimate, sprint and AC fields for the policy",
      )
      .option('--jira-url <url>', 'Jira site (default: $JIRA_URL)')
      .option('--jira-email <email>', 'account email (default: $JIRA_EMAIL)')
      .option('--json', 'machine-readable output')
      .addHelpText(
        'after',
        "\nExamples:\n  readygate fields\n  readygate fields --json | jq '.[] | select(.custom)'",
      )
      .action(
        run((flags: { jiraUrl?: string; jiraEmail?: string; json?: boolean }) => fieldsCommand(flags, io)),
      ),
  );

  configure(
    program
      .command('demo')
      .description('the life of a sprint on an embedded fake Jira (nothing to configure)')
      .option('--json', 'the same facts for machines')
      .addHelpText('after', '\nExamples:\n  readygate demo\n  readygate demo --json')
      .action(run((flags: { json?: boolean }) => demoCommand(flags, io))),
  );
  return program;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(io, result);
  if (args.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are answers (0); anything else commander refuses is a usage error (2).
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
        ? 0
        : 2;
    }
    if (e instanceof CliError) {
      io.err(`readygate: ${e.message}\n`);
      return e.exitCode;
    }
    // Any other known error (a policy that does not verify, a bad key, …): the gate could not be judged.
    if (e instanceof ReadyGateError) {
      io.err(`readygate: ${e.message}\n`);
      return 1;
    }
    io.err(`readygate: unexpected error: ${e instanceof Error ? e.message.split('\n', 1)[0] : String(e)}\n`);
    return 1;
  }
}
