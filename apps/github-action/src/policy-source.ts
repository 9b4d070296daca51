/**
 * A policy file in the repository (the `policy` input), which then judges every story instead of the
 * projects' signed policies.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { StoryPolicy } from '@readygate/jira';
import { parsePolicy, ReadyGateError, type Problem } from '@readygate/rules';

/** The policy could not be used. The message names the path of the bad value and how to fix it. */
export class PolicyError extends ReadyGateError<'policy.invalid'> {
  constructor(
    message: string,
    /** Every problem, for the job summary. */
    readonly problems: readonly Problem[],
  ) {
    super('policy.invalid', message);
  }
}

function problemsMessage(where: string, problems: readonly Problem[], fix: string): string {
  const first = problems[0]?.message ?? 'invalid';
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}, listed in the job summary)`
      : '';
  return `${where} is not a valid ReadyGate policy: ${first}${more}. ${fix}`;
}

/**
 * Reads and checks a policy file (JSON, or YAML for `.yml`/`.yaml`), relative to the workspace.
 * @throws PolicyError
 */
export async function loadPolicyFile(path: string, workspace: string): Promise<StoryPolicy> {
  const outside = new PolicyError(
    `Input policy "${path.slice(0, 200)}" points outside the repository: Dev, give a path inside it, e.g. .github/readygate.yml (links that lead outside are refused too).`,
    [],
  );
  if (!inside(workspace, resolve(workspace, path))) throw outside;
  let text: string;
  try {
    // The real path, so a symbolic link in the repository cannot lead the action to a file outside it.
    const real = realpathSync(resolve(workspace, path));
    if (!inside(realpathSync(workspace), real)) throw outside;
    text = readFileSync(real, 'utf8');
  } catch (e) {
    if (e === outside) throw e;
    throw new PolicyError(
      `Policy file ${path} was not found in the workspace: Dev, check out the repository first (actions/checkout) and check the path in input policy.`,
      [],
    );
  }
  let data: unknown;
  const yaml = /\.ya?ml$/i.test(path);
  try {
    if (yaml) {
      // On demand: most runs read the policy from Jira, and initialising yaml's modules costs ~4 ms a run.
      // yaml is CommonJS: its exports are the import's `default`, in Node and in the bundle's chunk alike.
      const { parse } = (await import('yaml')).default;
      data = parse(text, { maxAliasCount: 100 });
    } else {
      data = JSON.parse(text);
    }
  } catch (e) {
    // Where, never what: parser messages quote the file, which may be anything the path led to.
    throw new PolicyError(
      `Policy file ${path} is not valid ${yaml ? 'YAML' : 'JSON'}${whereIn(text, e)}: Dev, fix the syntax (your editor can check it).`,
      [],
    );
  }
  const parsed = parsePolicy(data);
  if (!parsed.ok) {
    throw new PolicyError(
      problemsMessage(
        `Policy file ${path}`,
        parsed.issues,
        'Fix the file (the policy JSON Schema shows every setting).',
      ),
      parsed.issues,
    );
  }
  return { policy: parsed.value, source: `policy file ${path}` };
}

function inside(root: string, full: string): boolean {
  const rel = relative(root, full);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** ` (line 3, column 7)` from a YAML or JSON parse error, without any of the text. */
function whereIn(text: string, e: unknown): string {
  const linePos = (e as { linePos?: [{ line: number; col: number }] } | null)?.linePos?.[0];
  if (linePos) return ` (line ${linePos.line}, column ${linePos.col})`;
  const at = e instanceof Error ? /position (\d+)/.exec(e.message) : null;
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}
