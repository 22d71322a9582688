import type { Nodes, PhrasingContent, Link } from 'mdast';

/** Plain text of a node, the way a reader sees it: emphasis dropped, images dropped, breaks as newlines. */
export function toText(node: Nodes, skip?: ReadonlySet<Nodes>): string {
  if (skip?.has(node)) return '';
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
    case 'html':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map((c) => toText(c, skip)).join('') : '';
  }
}

/** Collapses whitespace; what every title and summary goes through. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Splits a paragraph's inline content into lines at soft and hard breaks.
 * Messy lists put one entry per line inside one paragraph (`4)Scaling Laws\n-[Paper](url)`).
 */
export function splitLines(children: PhrasingContent[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const node of children) {
    if (node.type === 'break') {
      lines.push([]);
    } else if (node.type === 'text' && node.value.includes('\n')) {
      const parts = node.value.split('\n');
      parts.forEach((value, i) => {
        if (i > 0) lines.push([]);
        if (value) lines[lines.length - 1]!.push({ type: 'text', value });
      });
    } else {
      lines[lines.length - 1]!.push(node);
    }
  }
  return lines.filter((l) => l.length > 0);
}

/** Every link inside some inline content, in reading order (link references resolved by the caller). */
export function linksIn(nodes: PhrasingContent[]): Link[] {
  const out: Link[] = [];
  const visit = (n: Nodes) => {
    if (n.type === 'link') out.push(n);
    else if ('children' in n) for (const c of n.children as Nodes[]) visit(c);
  };
  nodes.forEach(visit);
  return out;
}
