/** The official SARIF 2.1.0 schema (draft-04) as an ajv validator; ajv-formats is not installed, so the three formats it uses are checked here. */
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';

// A CommonJS module whose `module.exports` is the class and also carries it as `default`.
const Ajv = ajvDraft04.default;

const schema = JSON.parse(readFileSync(new URL('../../../test-data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

export function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}
