export * from './state';
export * from './faults';
export { SimStateError, checkSimState } from './checkSimState';
export { SimulatedAccount, type SimulatedAccountOptions } from './SimulatedAccount';
export { VirtualClock, VIRTUAL_CLOCK_EPOCH, type VirtualClockOptions } from './VirtualClock';
