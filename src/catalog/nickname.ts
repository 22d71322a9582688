/** Splits a title's short name from the title: 'ALiBi; Train Short…' -> ALiBi, 'LoRA: Low-Rank…' -> LoRA. */
export default function splitNickname(rawTitle: string): { title: string; nickname: string | null } {
  const title = rawTitle.trim();
  // A bare link's title is its URL: 'https:' is not a name.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(title)) return { title, nickname: null };
  // 'ViT; An Image is Worth…': the part before ';' is the list's own name for the paper, not its title.
  const semi = /^([^;:]{1,32});\s*(\S.*)$/.exec(title);
  if (semi && isShortName(semi[1]!.trim(), true)) return { title: semi[2]!.trim(), nickname: semi[1]!.trim() };
  // 'LoRA: Low-Rank Adaptation…': the paper's real title carries its name; keep the title whole.
  const colon = /^([^:]{1,32}):\s*(\S.*)$/.exec(title);
  if (colon && isShortName(colon[1]!.trim(), false)) return { title, nickname: colon[1]!.trim() };
  return { title, nickname: null };
}

// One token ('LoRA', 'Self-Instruct', 'REST^EM') or a name with a version ('Llama 2', 'Mistral 7B').
function isShortName(name: string, lenient: boolean): boolean {
  const words = name.split(/\s+/);
  if (words.length === 1) return /^[\p{L}\p{N}][\p{L}\p{N}\-^+.']*$/u.test(name) && name.length <= 24;
  if (words.length === 2 && /^v?\d[\w.]*$/i.test(words[1]!)) return true;
  return lenient && words.length <= 3 && words.every((w) => /^[\p{L}\p{N}\-^+.']+$/u.test(w));
}
