import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainsTo, readFromDisk, runtimeImports, type ReadSource } from './runtime-graph';

/**
 * No zod in the content script (issue 19 item 9): the panel runs in every HubSpot tab, and zod
 * alone is a third of its bundle. The content script trusts its own background's answers (it
 * checks their shape, lib/extension/content/ask-background.ts); the background parses with zod. This walks
 * the runtime imports from each content entrypoint and names every chain that reaches zod, the
 * contract (lib/contract/api, lib/contract/errors) included, since importing a value from there pulls zod in.
 * eslint.config.js forbids a direct zod import in the panel's folders; this catches one through
 * any number of modules in between.
 */
const ROOT = join(__dirname, '../../..');
const isZod = (pkg: string) => pkg === 'zod' || pkg.startsWith('zod/');

function contentEntrypoints(): string[] {
  return readdirSync(join(ROOT, 'entrypoints'), { withFileTypes: true }).flatMap((e) => {
    if (!/\.content(\.tsx?|$)/.test(e.name)) return [];
    if (e.isFile()) return [`entrypoints/${e.name}`];
    return readdirSync(join(ROOT, 'entrypoints', e.name))
      .filter((f) => /^index\.tsx?$/.test(f))
      .map((f) => `entrypoints/${e.name}/${f}`);
  });
}

describe('the content-script graph has no zod', () => {
  it('no module reachable from a content entrypoint imports zod at run time', () => {
    const entries = contentEntrypoints();
    expect(entries).toContain('entrypoints/panel.content/index.tsx');
    expect(chainsTo(entries, isZod, readFromDisk(ROOT))).toEqual([]);
  });

  it('finds zod two modules away and names the chain; type-only imports are not followed', () => {
    const files: Record<string, string> = {
      'entrypoints/x.content/index.tsx': "import { Panel } from '../../components/panel/Panel';\nimport type { Big } from '../../lib/contract/api/big';\n",
      'components/panel/Panel.tsx': "import { fail } from '../../lib/contract/errors';\nimport { type Schema } from '../../lib/contract/api/big';\nexport const Panel = () => fail;\n",
      'lib/contract/errors.ts': "import { z } from 'zod';\nexport const fail = z.string();\n",
      'lib/contract/api/big.ts': "import { z } from 'zod';\nexport type Big = z.infer<typeof z.string>;\n",
    };
    const read: ReadSource = (p) => files[p] ?? null;
    expect(chainsTo(['entrypoints/x.content/index.tsx'], isZod, read)).toEqual(['entrypoints/x.content/index.tsx → components/panel/Panel.tsx → lib/contract/errors.ts → zod']);
  });

  it('reads re-exports, side-effect and dynamic imports as run-time imports', () => {
    expect(runtimeImports('a.ts', "export { x } from './x';\nexport type { T } from './t';\nimport './side';\nconst m = () => import('./lazy');\nimport type Z from 'zod';\n")).toEqual([
      './x',
      './side',
      './lazy',
    ]);
  });
});
