// Imported first by the entry: zod 4 compiles fast parsers with `new Function` when it can,
// and decides so when a schema is constructed (at import of shared/). The page's CSP forbids
// eval, so turn that off before any schema exists instead of tripping a CSP violation.
import { z } from 'zod';

z.config({ jitless: true });
