import type { ProcessorStatements } from './processorStatements';

/** `processors.reset`, inside a write transaction: deletes the processor's partitions, members and state. */
export const resetProcessor = (statements: ProcessorStatements, processor: string): void => {
  for (const statement of statements.reset) statement.run(processor);
};
