export * from './auction';
export * from './commandHandling';
export * from './eventStore';
export * from './money';
