import type { SourceLocation } from './model.js';
import type { ModuleAnalysisErrorCode } from '../violations/codes.js';


/**
 * Thrown when ImportSpy cannot build a model of a module at all: the file is missing, cannot be
 * read as UTF-8 text, or does not parse. Problems in files reached only through re-exports or
 * base classes are not thrown; they become `notes` on the model instead.
 */
export class ModuleAnalysisError extends Error {
  /** Always `ModuleAnalysisError`. */
  override readonly name = 'ModuleAnalysisError';
  /** The stable reason code. */
  readonly code: ModuleAnalysisErrorCode;
  /** The file that could not be analysed. */
  readonly file: string;
  /** Where the problem is, for `module.syntax`: the first syntax error. */
  readonly location?: SourceLocation;

  constructor(
    code: ModuleAnalysisErrorCode,
    file: string,
    message: string,
    options: { location?: SourceLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = file;
    if (options.location !== undefined) this.location = options.location;
  }
}
