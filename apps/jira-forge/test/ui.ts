// UI Kit screens rendered by @forge/react's own reconciler, offline. The reconciler sends every commit as
// self.__bridge.callBridge('reconcile', { forgeDoc }); this harness keeps each screen's live forgeDoc tree,
// answers `getContext` with the product context of the person looking, and routes `invoke` to the real
// resolver handler in-process, as that person. Tests read the tree and call the live onClick/onChange.
import type { ReactElement } from 'react';
import { PEOPLE } from './dataset';
import type { Person } from './dataset';
import { invokeAs } from './forge-platform';
import type { ForgeSite } from './forge-platform';

/** One node of the forgeDoc tree, as the reconciler builds it. */
export interface ForgeNode {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly children: ForgeNode[];
  readonly key: string;
}

type Handler = Parameters<typeof invokeAs>[1];

interface Active {
  person: Person;
  context: Record<string, unknown>;
}

let active: Active | undefined;
let site: ForgeSite | undefined;
let handler: Handler | undefined;
let pending = 0;
let captured: ForgeNode | undefined;
const knownRoots = new WeakSet<ForgeNode>();

async function callBridge(cmd: string, data?: unknown): Promise<unknown> {
  switch (cmd) {
    case 'reconcile': {
      // Each ForgeReconciler.render() has its own Root; the first commit of a new one is the new screen.
      const doc = (data as { forgeDoc: ForgeNode }).forgeDoc;
      if (!knownRoots.has(doc)) {
        knownRoots.add(doc);
        captured = doc;
      }
      return undefined;
    }
    case 'getContext':
      if (!active) throw new Error('getContext outside a screen');
      return { accountId: PEOPLE[active.person].accountId, ...active.context };
    case 'invoke': {
      if (!active || !site || !handler) throw new Error('invoke outside a screen');
      const { functionKey, payload } = data as { functionKey: string; payload: unknown };
      pending++;
      try {
        return await invokeAs(site, handler, active.person, functionKey, payload, active.context);
      } finally {
        pending--;
      }
    }
    case 'onError':
      throw (data as { error: unknown }).error;
    default:
      return undefined;
  }
}

/** Installs the two globals @forge/bridge and @forge/react need; call BEFORE importing either. */
export function installBridge(): void {
  const g = globalThis as { self?: unknown; __bridge?: unknown };
  g.self = globalThis;
  g.__bridge = { callBridge };
}

/** Which site and resolver the screens talk to. */
export function connect(to: ForgeSite, resolver: Handler): void {
  site = to;
  handler = resolver;
}

/** Waits until no invoke is in flight and React has committed what followed. */
export async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    await new Promise((r) => setTimeout(r, 5));
    quiet = pending === 0 ? quiet + 1 : 0;
  }
}

/** A rendered screen: what one person sees. */
export class Screen {
  constructor(
    readonly person: Person,
    readonly context: Record<string, unknown>,
    readonly root: ForgeNode,
  ) {}

  #as<T>(fn: () => T): T {
    active = { person: this.person, context: this.context };
    return fn();
  }

  all(predicate: (n: ForgeNode) => boolean, from: ForgeNode = this.root): ForgeNode[] {
    const out: ForgeNode[] = [];
    const walk = (n: ForgeNode): void => {
      if (predicate(n)) out.push(n);
      n.children.forEach(walk);
    };
    walk(from);
    return out;
  }

  /** `null` when the person does not see it. */
  byTestId(testId: string): ForgeNode | null {
    return this.all((n) => n.props.testId === testId)[0] ?? null;
  }

  has(testId: string): boolean {
    return this.byTestId(testId) !== null;
  }

  /** The text a person reads in a node: its String children, table cells and titles. */
  text(node: ForgeNode | null = this.root): string {
    if (node === null) return '';
    const parts: string[] = [];
    const walk = (n: ForgeNode): void => {
      if (n.type === 'String') parts.push(String(n.props.text));
      if (n.type === 'CodeBlock' && typeof n.props.text === 'string') parts.push(n.props.text);
      if (typeof n.props.title === 'string') parts.push(n.props.title);
      if (typeof n.props.caption === 'string') parts.push(n.props.caption);
      if (typeof n.props.label === 'string' && n.type !== 'Spinner') parts.push(n.props.label);
      n.children.forEach(walk);
    };
    walk(node);
    return parts.join(' ');
  }

  /** The rows of a DynamicTable, each as the text of its cells (@forge/react turns rows into Row/Cell nodes). */
  rows(testId: string): string[][] {
    const table = this.byTestId(testId);
    if (!table) return [];
    return this.all((n) => n.type === 'Row', table).map((row) =>
      row.children.filter((c) => c.type === 'Cell').map((c) => this.text(c)),
    );
  }

  #handler(testId: string, prop: string): (...args: unknown[]) => unknown {
    const node = this.byTestId(testId);
    if (!node) throw new Error(`${this.person} sees no element ${testId}:\n${this.text()}`);
    const fn = node.props[prop];
    if (typeof fn !== 'function') throw new Error(`${testId} has no ${prop}`);
    return fn as (...args: unknown[]) => unknown;
  }

  async click(testId: string): Promise<void> {
    const node = this.byTestId(testId);
    if (node?.props.isDisabled === true) throw new Error(`${testId} is disabled`);
    this.#as(() => this.#handler(testId, 'onClick')());
    await settle();
  }

  async type(testId: string, value: string): Promise<void> {
    this.#as(() => this.#handler(testId, 'onChange')({ target: { value } }));
    await settle();
  }

  async check(testId: string, checked: boolean): Promise<void> {
    this.#as(() => this.#handler(testId, 'onChange')({ target: { checked } }));
    await settle();
  }

  /** Picks an option (or options, for a multi-select) by value. */
  async choose(testId: string, ...values: string[]): Promise<void> {
    const node = this.byTestId(testId);
    const options = (node?.props.options ?? []) as { label: string; value: string }[];
    const picked = values.map((v) => {
      const o = options.find((x) => x.value === v);
      if (!o) throw new Error(`${testId} offers no ${v}`);
      return o;
    });
    this.#as(() => this.#handler(testId, 'onChange')(node?.props.isMulti === true ? picked : picked[0]));
    await settle();
  }
}

/** Renders a screen as `person` sees it in the given product context, and waits for its first data. */
export async function render(
  person: Person,
  context: Record<string, unknown>,
  element: ReactElement,
): Promise<Screen> {
  const { default: ForgeReconciler } = await import('@forge/react');
  active = { person, context };
  captured = undefined;
  ForgeReconciler.render(element);
  const root = captured as ForgeNode | undefined;
  if (!root) throw new Error('the reconciler sent no forgeDoc');
  const screen = new Screen(person, context, root);
  await settle();
  return screen;
}
