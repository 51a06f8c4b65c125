import { UsageError } from '../discover.js';

/** A configuration file that cannot be used (exit code 2, like any usage error). */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
}
