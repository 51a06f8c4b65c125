/**
 * Editor settings (section `tocscan`): from `initializationOptions`, then `workspace/configuration`
 * or the settings a client pushes with `workspace/didChangeConfiguration`.
 *
 *   "tocscan.languages": ["php", "typescript", "javascript"]   (default: ["php"])
 */
import { DEFAULT_LANGUAGES, isLanguageName, LANGUAGE_NAMES, type LanguageName } from './languages.js';

export interface Settings {
  languages: ReadonlySet<LanguageName>;
}

export interface SettingsRead {
  /** The settings given, or undefined when `raw` says nothing about them (keep what is in force). */
  settings?: Settings;
  /** What was wrong with the value, for the client's log. */
  problems: string[];
}

export function defaultSettings(): Settings {
  return { languages: new Set(DEFAULT_LANGUAGES) };
}

/** Reads `{ languages: [...] }`; anything else in the object is left for other tools. */
export function readSettings(raw: unknown): SettingsRead {
  if (raw === null || raw === undefined) return { problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [`tocscan settings must be an object, got ${describe(raw)}`] };
  }
  const languages = (raw as { languages?: unknown }).languages;
  if (languages === undefined || languages === null) return { problems: [] };
  if (!Array.isArray(languages)) {
    return { problems: [`tocscan.languages must be an array of ${allowed()}, got ${describe(languages)}`] };
  }
  const problems: string[] = [];
  const set = new Set<LanguageName>();
  for (const value of languages) {
    if (isLanguageName(value)) set.add(value);
    else problems.push(`tocscan.languages: unknown language ${describe(value)} (allowed: ${allowed()})`);
  }
  return { settings: { languages: set }, problems };
}

function allowed(): string {
  return LANGUAGE_NAMES.map((n) => `"${n}"`).join(', ');
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
