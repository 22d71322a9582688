import type { Compilable, QueryExecutorProvider, RawBuilder, RootOperationNode } from 'kysely';

/** What a query sends: its text and its values in order. */
export interface Compiled {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * Compiles queries for one database (one dialect). Most of ours are `sql` templates whose values are plain: such a
 * template compiles to the same text on every call, so the text is kept by the template's strings (one frozen array per
 * place in the code) and only the first call pays Kysely's compile; later calls take the values in order, as its
 * compiler would (DefaultQueryCompiler.visitRaw and visitValue). A reaction or a command runs several such statements,
 * and the compile was a good part of each one's time on SQLite. Anything else (query builders, nested fragments,
 * literal values) compiles as usual.
 */
export class QueryCompiler {
  private readonly texts = new WeakMap<readonly string[], string>();

  constructor(private readonly k: QueryExecutorProvider) {}

  compile(q: Compilable<unknown> | RawBuilder<unknown>): Compiled {
    const raw = q as RawBuilder<unknown> & { isRawBuilder?: boolean };
    if (raw.isRawBuilder) {
      const node = raw.toOperationNode() as RootOperationNode & {
        kind: string;
        sqlFragments?: readonly string[];
        parameters?: ReadonlyArray<{ kind: string; value?: unknown; immediate?: boolean }>;
      };
      const params = node.parameters;
      if (node.kind === 'RawNode' && node.sqlFragments && params && params.every((p) => p.kind === 'ValueNode' && !p.immediate)) {
        let text = this.texts.get(node.sqlFragments);
        if (text === undefined) this.texts.set(node.sqlFragments, (text = raw.compile(this.k).sql));
        return { sql: text, parameters: params.map((p) => p.value) };
      }
    }
    return (q as RawBuilder<unknown>).compile(this.k);
  }
}
