import { BadUserInputError } from '../../errors';

export interface InputProblem {
  path: string;
  message: string;
}

/**
 * Collects what is wrong with one input, so that a client hears of every problem at once, and before anything
 * that needs the network. Each check is run; a BadUserInputError it throws is kept (its `problems`, or itself),
 * any other error goes through at once.
 */
export class InputProblems {
  private readonly errors: BadUserInputError[] = [];

  async check<T>(run: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      this.add(error);
      return undefined;
    }
  }

  add(error: BadUserInputError): void {
    this.errors.push(error);
  }

  /** Throws the one problem as it was, or all of them in one BAD_USER_INPUT listing each field and its fix. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    if (this.errors.length === 1) throw this.errors[0];
    const problems = this.errors.flatMap((error): InputProblem[] => {
      const listed = error.extensions.problems as InputProblem[] | undefined;
      return listed ?? [{ path: error.field ?? 'input', message: error.message }];
    });
    throw new BadUserInputError(`${problems.length} problems with the input: ${problems.map((p) => p.message).join('; ')}`, this.errors[0].field, {
      problems,
    });
  }
}
