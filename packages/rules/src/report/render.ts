import { ROLE_LABEL } from '../roles.js';
import type { RuleOutcome, StoryVerdict, Verdict } from '../gates/verdict.js';
import { day } from '../gates/context.js';

const ICON = { pass: '✅', fail: '❌', warn: '⚠️', skip: '➖' } as const;

/** Escapes text from Jira or users for a Markdown table cell: no HTML, no pipes, no line breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]#|])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function safeUrl(url: string): string | null {
  return /^https?:\/\/[^\s()<>]+$/i.test(url) ? url : null;
}

function visible(o: RuleOutcome): boolean {
  return o.outcome === 'fail' || o.outcome === 'warn';
}

function passLine(s: StoryVerdict): string {
  const parts: string[] = [];
  if (s.facts.approvedBy && s.facts.approvedAt)
    parts.push(`AC approved by ${escapeMarkdown(s.facts.approvedBy)} on ${day(s.facts.approvedAt)}`);
  const url = s.facts.evidenceUrl ? safeUrl(s.facts.evidenceUrl) : null;
  if (url) parts.push(`[QA evidence](${url})`);
  return parts.join(' · ');
}

/** Options for rendering. */
export interface RenderOptions {
  /** Turns an issue key into a link (e.g. to the Jira issue). */
  readonly issueUrl?: (key: string) => string;
  /** Heading text before the headline, default `ReadyGate`. */
  readonly title?: string;
}

/**
 * Renders a verdict as GitHub-flavoured Markdown: a one-line verdict, the gate-level checks, then a table of
 * failing and warning rules per story (rule, outcome, owner, how to fix). Passing stories take one line.
 * Stays well under GitHub's comment limit (stories beyond 50 are summarised).
 */
export function renderMarkdown(verdict: Verdict, options: RenderOptions = {}): string {
  const lines: string[] = [];
  lines.push(
    `### ${verdict.pass ? ICON.pass : ICON.fail} ${options.title ?? 'ReadyGate'}: ${escapeMarkdown(verdict.headline)}`,
    '',
  );
  const checks = verdict.checks.filter((c) => c.outcome !== 'skip');
  if (checks.length) {
    lines.push('| Check | Result | Owner | How to fix |', '| --- | --- | --- | --- |');
    for (const c of checks) {
      lines.push(
        `| ${escapeMarkdown(c.title)} | ${ICON[c.outcome]} ${escapeMarkdown(c.message)} | ${visible(c) ? ROLE_LABEL[c.owner] : ''} | ${escapeMarkdown(c.fix)} |`,
      );
    }
    lines.push('');
  }
  const shown = verdict.stories.slice(0, 50);
  const link = (key: string) => {
    const url = options.issueUrl ? safeUrl(options.issueUrl(key)) : null;
    return url ? `[${key}](${url})` : key;
  };
  for (const s of shown) {
    if (!s.judged) {
      lines.push(
        `${ICON.skip} **${link(s.key)}** ${escapeMarkdown(s.summary)} — not judged (${escapeMarkdown(s.type)}).`,
        '',
      );
      continue;
    }
    const problems = s.outcomes.filter(visible);
    if (problems.length === 0) {
      const extra = passLine(s);
      lines.push(
        `${ICON.pass} **${link(s.key)}** ${escapeMarkdown(s.summary)}${extra ? ` — ${extra}` : ''}`,
        '',
      );
      continue;
    }
    lines.push(`${s.pass ? ICON.warn : ICON.fail} **${link(s.key)}** ${escapeMarkdown(s.summary)}`, '');
    lines.push('| Rule | Result | Owner | How to fix |', '| --- | --- | --- | --- |');
    for (const o of problems) {
      lines.push(
        `| \`${o.rule}\` | ${ICON[o.outcome]} ${escapeMarkdown(o.message)} | ${ROLE_LABEL[o.owner]} | ${escapeMarkdown(o.fix)} |`,
      );
    }
    lines.push('');
  }
  if (verdict.stories.length > shown.length) {
    const rest = verdict.stories.slice(shown.length);
    lines.push(
      `…and ${rest.length} more (${rest.filter((s) => !s.pass).length} failing): ${rest
        .filter((s) => !s.pass)
        .map((s) => s.key)
        .join(', ')}`,
      '',
    );
  }
  return lines.join('\n').trimEnd() + '\n';
}

/** Renders a verdict as plain text for terminals and Jira comments. */
export function renderText(verdict: Verdict): string {
  const lines: string[] = [`${verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.headline}`];
  const mark = { pass: '  ok ', fail: '  ✗  ', warn: '  !  ', skip: '  -  ' } as const;
  for (const c of verdict.checks) {
    if (c.outcome === 'skip') continue;
    lines.push(
      `${mark[c.outcome]}${c.rule}: ${c.message}${visible(c) ? ` → ${ROLE_LABEL[c.owner]}: ${c.fix}` : ''}`,
    );
  }
  for (const s of verdict.stories) {
    const problems = s.outcomes.filter(visible);
    const status = !s.judged
      ? 'not judged'
      : !s.pass
        ? 'FAIL'
        : problems.length
          ? 'pass with warnings'
          : 'pass';
    const extra =
      s.pass && problems.length === 0 && s.facts.approvedBy && s.facts.approvedAt
        ? ` (AC approved by ${s.facts.approvedBy} on ${day(s.facts.approvedAt)})`
        : '';
    lines.push('', `${s.key}  ${s.summary}  [${status}]${extra}`);
    for (const o of problems)
      lines.push(`${mark[o.outcome]}${o.rule}: ${o.message} → ${ROLE_LABEL[o.owner]}: ${o.fix}`);
  }
  return lines.join('\n') + '\n';
}
