// Column names from a header row: trimmed, empty ones named by position, repeats numbered.
// "MOE, MOE, MOE" -> "MOE, MOE_2, MOE_3"; an empty fifth name -> "column_5". Names stay
// case-sensitive; a generated name never collides with a name already in the header.

export interface HeaderNames {
  names: string[];
  /** One line per renamed column, for the import's warnings. */
  renamed: string[];
}

export function uniqueNames(raw: readonly (string | null)[]): HeaderNames {
  const trimmed = raw.map((r) => (r ?? '').trim());
  const taken = new Set(trimmed.filter((t) => t !== ''));
  const used = new Set<string>();
  const seen = new Map<string, number>();
  const renamed: string[] = [];
  const names = trimmed.map((t, i) => {
    let name: string;
    if (t === '') {
      name = `column_${i + 1}`;
      for (let k = 2; taken.has(name) || used.has(name); k++) name = `column_${i + 1}_${k}`;
      renamed.push(`column ${i + 1} has no name; called it ${name}`);
    } else if (used.has(t)) {
      let k = (seen.get(t) ?? 1) + 1;
      while (taken.has(`${t}_${k}`) || used.has(`${t}_${k}`)) k++;
      seen.set(t, k);
      name = `${t}_${k}`;
      renamed.push(`column ${i + 1} repeats the name ${t}; called it ${name}`);
    } else {
      name = t;
    }
    used.add(name);
    return name;
  });
  return { names, renamed };
}
