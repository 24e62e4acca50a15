/** An error as one line for a diagnostic: `Name: message` (an AWS error's name is its code), else the value as text. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
