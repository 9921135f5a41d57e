export function compareCase(caseDir: string, outDir: string): { ok: boolean; report: string[] };
export function adjustedRand(a: string[], b: string[]): number;
export function parseCsv(text: string): Record<string, string>[];
