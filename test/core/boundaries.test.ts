import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Where code runs is a folder; the lint rules make the boundaries fail loudly (STYLE.md).

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it('core never imports electron', async () => {
    expect(
      await restricted(
        'src/main/core/x.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/main/core/x.ts',
        "import { join } from 'node:path';\nexport const j = join;\n",
      ),
    ).toHaveLength(0);
  });

  it('shared imports nothing environment-specific', async () => {
    for (const mod of ['node:fs', 'fs', 'electron', 'react', '../main/core/index']) {
      expect(
        await restricted('src/shared/x.ts', `import * as m from '${mod}';\nexport const a = m;\n`),
      ).toHaveLength(1);
    }
    expect(
      await restricted('src/shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"),
    ).toHaveLength(0);
  });

  it('the renderer never imports src/main or node', async () => {
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { createCore } from '../../main/core';\nexport const a = createCore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { methods } from '../../shared/contract';\nexport const a = methods;\n",
      ),
    ).toHaveLength(0);
  });
});
