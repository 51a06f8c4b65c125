/**
 * @tocscan/lang-php: PHP source → FileModel (units with their database events), via php-parser.
 */
import type { Dialect, FileModel, ParseProblem, SourceSettings, Unit } from '@tocscan/core';
import { Interp } from './interp.js';
import { parseProgram } from './parse.js';
import { scanFile } from './scan.js';
import { discoverUnits } from './units.js';

/** Also the project's query wrappers, transaction functions and table prefixes (SourceSettings). */
export interface ExtractOptions extends SourceSettings {
  /** Dialect from configuration; wins over what the drivers in sight suggest. */
  dialect?: Dialect;
  /** Functions/methods defined in other files whose calls should become CallEvents. */
  helperNames?: ReadonlySet<string>;
  /** PHP version the code targets (`7.3`: `fn` is still a valid function name); default: the newest syntax. */
  phpVersion?: string;
}

/** Parse PHP source and extract its units and events. Never throws: failures become problems. */
export function parsePhp(text: string, path: string, options: ExtractOptions = {}): FileModel {
  const model: FileModel = { path, lang: 'php', units: [], problems: [] };
  try {
    const parsed = parseProgram(text, path, options.phpVersion);
    model.problems.push(...parsed.problems);
    if (!parsed.program) return model;
    const file = scanFile(parsed.program, text, options.dialect, options.helperNames, options);
    if (file.dialect) model.dialect = file.dialect;
    for (const job of discoverUnits(parsed.program, file)) {
      const unit = runUnit(new Interp(file, job), job.name, model.problems);
      if (unit) model.units.push(unit);
    }
  } catch (err) {
    model.units = [];
    model.problems.push(internalProblem(err, 'the file'));
  }
  return model;
}

/** One unit; an internal failure loses that unit only and is reported. */
function runUnit(interp: Interp, name: string, problems: ParseProblem[]): Unit | undefined {
  try {
    return interp.run();
  } catch (err) {
    problems.push(internalProblem(err, name));
    return undefined;
  }
}

function internalProblem(err: unknown, where: string): ParseProblem {
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'fatal', message: `tocscan could not analyse ${where}: ${message}`, line: 1, column: 0 };
}

export { PhpFixHost, phpFixLanguage } from './fix/index.js';
