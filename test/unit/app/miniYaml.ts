// A small reader for the subset of YAML that electron-builder.yml uses (no YAML library is
// installed): nested mappings by indentation, "- scalar" and "- key: value" list items,
// [a, b] flow lists, quoted or plain scalars, comments. Anything else throws, so a test
// never silently reads a file it does not understand.
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

function scalar(raw: string): YamlValue {
  const text = raw.trim();
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((part) => scalar(part));
  }
  if ((text.startsWith("'") && text.endsWith("'")) || (text.startsWith('"') && text.endsWith('"'))) {
    return text.slice(1, -1);
  }
  return text;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i);
  }
  return line;
}

export function parseYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    const text = stripComment(raw).replace(/\s+$/, '');
    if (text.trim() === '') return;
    if (/\t/.test(text.match(/^\s*/)?.[0] ?? '')) throw new Error(`line ${i + 1}: tabs in indentation`);
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: i + 1 });
  });
  let index = 0;

  function block(indent: number): YamlValue {
    const first = lines[index];
    if (!first || first.indent < indent) return null;
    return first.text.startsWith('- ') || first.text === '-' ? list(first.indent) : mapping(first.indent);
  }

  function mapping(indent: number, into: { [key: string]: YamlValue } = {}): { [key: string]: YamlValue } {
    while (index < lines.length) {
      const line = lines[index]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Error(`line ${line.number}: unexpected indentation`);
      const match = /^([^:]+?):(?:\s+(.*))?$/.exec(line.text);
      if (!match) throw new Error(`line ${line.number}: expected "key: value", got "${line.text}"`);
      index++;
      const key = String(scalar(match[1]!));
      const rest = match[2];
      if (rest !== undefined && rest !== '') into[key] = scalar(rest);
      else {
        const next = lines[index];
        // A list may sit at the same indentation as its key.
        if (next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')))) {
          into[key] = block(next.indent);
        } else into[key] = null;
      }
    }
    return into;
  }

  function list(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    while (index < lines.length) {
      const line = lines[index]!;
      if (line.indent !== indent || !line.text.startsWith('-')) break;
      const item = line.text.slice(1).trim();
      if (/^[^'"[][^:]*:(\s|$)/.test(item)) {
        // "- key: value" then more keys indented to where "key" starts.
        const keyIndent = indent + (line.text.length - item.length);
        lines[index] = { indent: keyIndent, text: item, number: line.number };
        out.push(mapping(keyIndent));
      } else {
        index++;
        out.push(scalar(item));
      }
    }
    return out;
  }

  const result = block(0);
  if (index < lines.length) throw new Error(`line ${lines[index]!.number}: could not read`);
  return result;
}
