/** One `byokit` invocation found in a shell block. */
export interface CommandLine {
  /** 0-based line of the command inside the block. */
  readonly index: number;
  readonly text: string;
  /** The arguments after `byokit` (or `npx byokit`, `node dist/cli.js`). */
  readonly args: string[];
  /** True when the command reads stdin from a pipe (`pbpaste | byokit test …`). */
  readonly piped: boolean;
}

const CLI = [["byokit"], ["npx", "byokit"], ["node", "dist/cli.js"]];
const REDIRECT = /^(?:\d?>>?|<|&>)(.*)$/;

/**
 * The `byokit` command lines of a shell block: a leading `$ ` prompt is dropped, `\` joins
 * lines, `#` starts a comment, and each `|`, `&&`, `||` or `;` segment is a command of its own.
 * Other commands (`npm ci`) are not ours to run. Quotes and redirections are read as a shell
 * reads them; `$VAR` and globs are left as written.
 */
export function byokitCommands(code: string): CommandLine[] {
  const commands: CommandLine[] = [];
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = (lines[i] ?? "").replace(/^\s*\$\s+/, "");
    while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]}`;
    let piped = false;
    for (const segment of segments(words(text))) {
      const prefix = CLI.find((p) => p.every((w, k) => segment.words[k] === w));
      if (prefix) {
        commands.push({
          index: start,
          text: text.trim(),
          args: withoutRedirections(segment.words.slice(prefix.length)),
          piped: piped || segment.piped,
        });
      }
      piped = false;
    }
  }
  return commands;
}

type Word = string | { operator: string };

function words(text: string): Word[] {
  const out: Word[] = [];
  let current: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      current = (current ?? "") + text.slice(i + 1, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end;
    } else if (/\s/.test(c)) {
      if (current !== undefined) out.push(current);
      current = undefined;
    } else if (c === "#" && current === undefined) {
      break;
    } else if (c === "|" || c === ";" || (c === "&" && text[i + 1] === "&")) {
      if (current !== undefined) out.push(current);
      current = undefined;
      const double = text[i + 1] === c;
      out.push({ operator: double ? c + c : c });
      if (double) i++;
    } else {
      current = (current ?? "") + c;
    }
  }
  if (current !== undefined) out.push(current);
  return out;
}

function segments(all: Word[]): { words: string[]; piped: boolean }[] {
  const out: { words: string[]; piped: boolean }[] = [{ words: [], piped: false }];
  for (const word of all) {
    if (typeof word === "string") (out.at(-1) as { words: string[] }).words.push(word);
    else out.push({ words: [], piped: word.operator === "|" });
  }
  return out;
}

function withoutRedirections(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const redirect = REDIRECT.exec(args[i] as string);
    if (!redirect) out.push(args[i] as string);
    else if (redirect[1] === "") i++; // `> file`: the target is the next word
  }
  return out;
}
