import { readFileSync } from 'node:fs';

/**
 * The ```sh blocks of README.md, in order. A block the README test cannot run says so in the README
 * itself, on the line before it: `<!-- readme-test: skip (why) -->`; a marker without a reason is an
 * error, so the list of blocks nobody checks stays short and explained.
 */
export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
  skip?: string;
}

const SKIP_MARKER = /^<!--\s*readme-test:\s*skip\s*(?:\((.*)\))?\s*-->$/;

export function readmeBlocks(file: string): ReadmeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index].trim() !== '```sh') continue;
    const end = lines.findIndex((text, at) => at > index && text.trim() === '```');
    if (end === -1) throw new Error(`README.md:${index + 1}: a \`\`\`sh block that never closes`);
    const before = lines.slice(0, index).reverse().find((text) => text.trim() !== '')?.trim() ?? '';
    const marker = SKIP_MARKER.exec(before);
    if (marker && !marker[1]?.trim()) throw new Error(`README.md:${index + 1}: a readme-test skip marker needs a reason in parentheses`);
    blocks.push({ line: index + 1, script: lines.slice(index + 1, end).join('\n'), skip: marker?.[1]?.trim() });
    index = end;
  }
  return blocks;
}

/** Variables a block captures (`NAME=$(…)` at the start of a line): each must end up non-empty. */
export function capturedVariables(script: string): string[] {
  return [...script.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)=\$\(/gm)].map((match) => match[1]);
}

/** The port the README's commands call: `npm start`'s default. */
export const README_PORT = 4000;

/** A block's commands pointed at a gateway on `port` instead of the README's. */
export function onPort(script: string, port: number): string {
  return script.replace(new RegExp(`\\b(localhost|127\\.0\\.0\\.1):${README_PORT}\\b`, 'g'), `$1:${port}`);
}
