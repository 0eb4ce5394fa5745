import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of eslint.config.js (issue 19 item 9), shown failing: each fixture is
 * linted with the repository's own config as if it were a file at that path (ESLint's lintText
 * with a filePath; nothing is written), and must draw the boundary error; the allowed imports
 * beside them must draw none, so a pattern that matched everything would fail too.
 */
const ROOT = join(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const VIOLATIONS: Array<[string, string, string, RegExp]> = [
  ['a component calling fetch', 'components/panel/LintFixture.tsx', "export const load = () => fetch('/api/v1/me');\n", /no-restricted-globals.*fetch/],
  ['a component using browser.*', 'components/options/LintFixture.tsx', 'export const send = () => browser.runtime.sendMessage({});\n', /no-restricted-globals.*browser/],
  ['a component importing wxt/browser', 'components/popup/LintFixture.tsx', "import { browser } from 'wxt/browser';\nexport const b = browser;\n", /no-restricted-imports.*no browser\.\* API/],
  ['a store importing another feature', 'backend/services/accounts/lint-fixture-store.ts', "import { x } from '../access/check';\nexport const y = x;\n", /A store .* imports no other feature/],
  ['a store importing backend/http', 'backend/services/identity/store.ts', "import { x } from '../../http/errors';\nexport const y = x;\n", /services never import backend\/routes or backend\/http/],
  ['the extension importing backend', 'lib/extension/background/lint-fixture.ts', "import { parseConfig } from '../../../backend/config';\nexport const p = parseConfig;\n", /The extension never imports backend/],
  ['an entrypoint importing backend', 'entrypoints/lint-fixture.ts', "import { x } from '../backend/version';\nexport const y = x;\n", /The extension never imports backend/],
  ['a service importing a route', 'backend/services/access/lint-fixture.ts', "import { x } from '../../routes/records';\nexport const y = x;\n", /services never import backend\/routes or backend\/http/],
  ['a service importing backend/http', 'backend/services/lint-fixture.ts', "import { x } from '../http/errors';\nexport const y = x;\n", /services never import backend\/routes or backend\/http/],
  ['the backend importing a component', 'backend/routes/lint-fixture.ts', "import { Panel } from '../../components/panel/Panel';\nexport const p = Panel;\n", /backend\/ never imports components\/ or entrypoints\//],
  ['the backend importing extension lib', 'backend/routes/lint-fixture.ts', "import { x } from '../../lib/extension/messages';\nexport const y = x;\n", /imports from lib\/ only the contract/],
  ['the sandbox importing Portside', 'backend/sandbox/lint-fixture.ts', "import { parseConfig } from '../config';\nexport const p = parseConfig;\n", /sandbox imports nothing of Portside/],
  ['a sandbox route importing lib/', 'backend/sandbox/routes/lint-fixture.ts', "import { x } from '../../../lib/contract/errors';\nexport const y = x;\n", /sandbox imports nothing of Portside/],
  ['production code importing the sandbox', 'backend/lint-fixture.ts', "import { startSandbox } from './sandbox/start';\nexport const s = startSandbox;\n", /Only backend\/dev\/ \(and tests\) import the sandbox/],
  ['an options component importing the background', 'components/options/LintFixture.tsx', "import type { Me } from '../../lib/extension/background/accounts';\nexport type M = Me;\n", /Components never import .*background/],
  ['a panel component importing the background', 'components/panel/writes/LintFixture.tsx', "import { DraftKind } from '../../../lib/extension/background/drafts';\nexport const d = DraftKind;\n", /Components never import .*background/],
  ['a panel component importing zod', 'components/panel/writes/LintFixture.tsx', "import { z } from 'zod';\nexport const s = z.string();\n", /No zod in the content script/],
  ['a content-script module importing zod', 'lib/extension/content/lint-fixture.ts', "import * as z from 'zod/mini';\nexport const s = z.string();\n", /No zod in the content script/],
  ['the content entrypoint importing zod', 'entrypoints/panel.content/lint-fixture.ts', "import { z } from 'zod';\nexport const s = z.string();\n", /No zod in the content script/],
  ['the contract importing the extension', 'lib/contract/api/lint-fixture.ts', "import { x } from '../../extension/background/router';\nexport const y = x;\n", /The contract .* imports only itself/],
];

const ALLOWED: Array<[string, string, string]> = [
  ['a store using the schema and its own feature', 'backend/services/identity/store.ts', "import type { Db } from '../../db/schema';\nimport type { Directory } from './directory';\nexport type Y = [Db, Directory];\n"],
  ['a service using another feature', 'backend/services/accounts/lint-fixture.ts', "import { x } from '../identity/links';\nexport const y = x;\n"],
  ['a service using the HubSpot adapter', 'backend/services/access/lint-fixture.ts', "import { x } from '../../hubspot/http';\nexport const y = x;\n"],
  ['the backend using the contract', 'backend/routes/lint-fixture.ts', "import { x } from '../../lib/contract/api/records';\nimport { y } from '../../lib/contract/errors';\nexport const z = [x, y];\n"],
  ['a sandbox route using the sandbox', 'backend/sandbox/routes/lint-fixture.ts', "import { SEED } from '../seed';\nexport const s = SEED;\n"],
  ['a type-only import of the sandbox', 'backend/lint-fixture.ts', "import type { StartedSandbox } from './sandbox/start';\nexport type S = StartedSandbox;\n"],
  ['the dev entry starting the sandbox', 'backend/dev/lint-fixture.ts', "import { startSandbox } from '../sandbox/start';\nexport const s = startSandbox;\n"],
  ['a panel component importing a zod type', 'components/panel/LintFixture.tsx', "import type { z } from 'zod';\nexport type S = z.ZodString;\n"],
  ['an options page component using zod', 'components/options/LintFixture.tsx', "import { z } from 'zod';\nexport const s = z.string();\n"],
  ['a component asking the background', 'components/panel/LintFixture.tsx', "import { ask } from '../../lib/extension/ask';\nexport const a = ask;\n"],
];

describe('lint: import boundaries (eslint.config.js)', () => {
  it.each(VIOLATIONS)('%s fails (%s)', async (_what, filePath, code, expected) => {
    const found = await problems(filePath, code);
    expect(found.some((p) => expected.test(p)), found.join('\n')).toBe(true);
  }, 60_000);

  it.each(ALLOWED)('%s passes (%s)', async (_what, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  }, 60_000);
});
