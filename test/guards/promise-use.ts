/**
 * The store became async (issue 24): a store call used without `await` is a Promise, which is always truthy and
 * never throws where it is called. This finds, with the TypeScript checker, a Promise used as a condition or an
 * operand of `!`, `&&` or `||`, added or compared, written into text, joined, spread, or left floating as a statement (not awaited, returned,
 * assigned or passed on, and not marked `void`).
 */
import { createRequire } from 'node:module';
import type TS from 'typescript5';

const ts = createRequire(import.meta.url)('typescript5') as typeof TS;

export interface PromiseMisuse {
  file: string;
  line: number;
  text: string;
  why: string;
}

export function findPromiseMisuse(configPath = 'tsconfig.json'): PromiseMisuse[] {
  const cfg = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, '.');
  const files = parsed.fileNames.filter((f) => /(^|\/)src\//.test(f));
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const out: PromiseMisuse[] = [];
  // Only a value that is always a Promise: `Promise | undefined` tested for being there is meant.
  const isPromise = (n: TS.Node): boolean => {
    const t = checker.getTypeAtLocation(n);
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => {
      const name = (p.getSymbol() ?? p.aliasSymbol)?.getName();
      return name === 'Promise' || name === 'PromiseLike';
    });
  };
  const handled = (call: TS.CallExpression): boolean =>
    ts.isPropertyAccessExpression(call.expression) && ['catch', 'then', 'finally'].includes(call.expression.name.text);
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes("/node_modules/") || !/(^|\/)src\//.test(sf.fileName)) continue;
    const report = (n: TS.Node, why: string) => {
      const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
      out.push({ file: sf.fileName.replace(/^(.*\/)?src\//, "src/"), line: line + 1, text: n.getText(sf).slice(0, 80), why });
    };
    const visit = (n: TS.Node): void => {
      const c =
        ts.isIfStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)
          ? n.expression
          : ts.isConditionalExpression(n)
            ? n.condition
            : ts.isForStatement(n)
              ? n.condition
              : undefined;
      if (c && isPromise(c)) report(c, 'a Promise as a condition');
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken && isPromise(n.operand)) report(n, 'a Promise negated');
      if (ts.isBinaryExpression(n)) {
        const k = n.operatorToken.kind;
        const logical = k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken;
        const compare = [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.PlusToken].includes(k);
        // `a ?? b` with a Promise on the left is a Promise-or-default, not a test.
        if ((logical && k !== ts.SyntaxKind.QuestionQuestionToken && isPromise(n.left)) || (compare && (isPromise(n.left) || isPromise(n.right)))) report(n, 'a Promise in a logical or comparing operator');
      }
      if (ts.isTemplateSpan(n) && isPromise(n.expression)) report(n.expression, 'a Promise written into text');
      if (ts.isPropertyAccessExpression(n) && n.name.text === 'join') {
        const element = checker.getIndexTypeOfType(checker.getTypeAtLocation(n.expression), ts.IndexKind.Number);
        const name = element && (element.getSymbol() ?? element.aliasSymbol)?.getName();
        if (name === 'Promise') report(n, 'Promises joined into text (await Promise.all first)');
      }
      // An async function handed to one of our own callbacks typed to return nothing: its caller never waits for it.
      if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
        const expected = ts.isMethodDeclaration(n) ? undefined : checker.getContextualType(n);
        const sigs = expected?.getCallSignatures() ?? [];
        const ours = sigs.filter((sig) => sig.declaration && /(^|\/)src\//.test(sig.declaration.getSourceFile().fileName) && !sig.declaration.getSourceFile().fileName.includes('/node_modules/'));
        if (ours.length && ours.every((sig) => checker.getReturnTypeOfSignature(sig).flags & ts.TypeFlags.Void)) report(n, 'an async function where our callback returns nothing (nobody awaits it)');
      }
      if ((ts.isSpreadElement(n) || ts.isSpreadAssignment(n)) && isPromise(n.expression)) report(n, 'a Promise spread');
      if (ts.isExpressionStatement(n) && ts.isCallExpression(n.expression) && !handled(n.expression) && isPromise(n.expression)) report(n, 'a floating Promise (await it, or mark it `void` on purpose)');
      if (ts.isPropertyAccessExpression(n) && !ts.isCallExpression(n.parent) && isPromise(n.expression) && !['then', 'catch', 'finally'].includes(n.name.text)) report(n, 'a property read off a Promise');
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}
