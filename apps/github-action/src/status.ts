/**
 * The two places a check reports on GitHub besides the job: the `readygate` commit status (pull requests and
 * merge groups) and the one sticky PR comment. Neither ever fails the run: a write the token may not make
 * becomes a warning.
 */
import { GitHubError, type GitHubClient, type IssueComment, type StatusState } from './github.js';
import { commentBody, findStickyComment } from './report.js';
import type { Runner } from './runner.js';

/** The commit status context. Branch protection can require it. */
export const STATUS_CONTEXT = 'readygate';

function why(e: unknown): string {
  return e instanceof GitHubError ? e.message : 'unexpected error';
}

/** Sets the `readygate` status on one commit; the final state always lands after a pending one. */
export class StatusReporter {
  /** The pending status on its way: a final status waits for it, so the final one always lands last. */
  private pendingWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly github: GitHubClient,
    private readonly runner: Runner,
    private readonly sha: string,
    private readonly options: { readonly enabled: boolean; readonly runUrl: string | null },
  ) {}

  /** Sets pending (a re-check: the head may carry an older final status). */
  pending(): void {
    this.pendingWrite = this.set(this.github, 'pending', 'Checking the linked Jira stories…');
  }

  /** Sets the final state, after any pending one, through `github` (a client with the finishing deadline). */
  async final(
    github: GitHubClient,
    state: Exclude<StatusState, 'pending'>,
    description: string,
  ): Promise<void> {
    await this.pendingWrite;
    await this.set(github, state, description);
  }

  private async set(github: GitHubClient, state: StatusState, description: string): Promise<void> {
    if (!this.options.enabled) return;
    try {
      await github.setStatus(this.sha, {
        state,
        context: STATUS_CONTEXT,
        description: this.runner.redact(description),
        ...(this.options.runUrl ? { targetUrl: this.options.runUrl } : {}),
      });
    } catch (e) {
      this.runner.warning(`The readygate commit status was not set: ${why(e)}`);
    }
  }
}

/** The one ReadyGate comment on a pull request, found among the PR's comments and updated in place. */
export class StickyComment {
  private readonly existing: Promise<IssueComment | undefined>;

  constructor(
    github: GitHubClient,
    private readonly runner: Runner,
    private readonly number: number,
    private readonly enabled: boolean,
  ) {
    // Listed now, alongside the commits and the Jira search, so writing it later takes one request.
    this.existing = enabled
      ? github.listComments(number).then(findStickyComment, (e: unknown) => {
          runner.warning(`The ReadyGate PR comments could not be read: ${why(e)}`);
          return undefined;
        })
      : Promise.resolve(undefined);
  }

  /**
   * Writes the report: a failing check gets the comment (created or updated); a passing one only updates an
   * existing comment, so the PR shows the problems are resolved without a new comment on every push.
   */
  async write(github: GitHubClient, report: string, failing: boolean): Promise<void> {
    if (!this.enabled || report === '') return;
    const existing = await this.existing;
    if (!failing && !existing) return;
    const text = this.runner.redact(commentBody(report));
    try {
      if (existing) {
        if (existing.body !== text) await github.updateComment(existing.id, text);
      } else {
        await github.createComment(this.number, text);
      }
    } catch (e) {
      this.runner.warning(`The ReadyGate PR comment was not written: ${why(e)}`);
    }
  }
}
