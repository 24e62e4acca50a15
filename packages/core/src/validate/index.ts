export { validateStatic } from './static';
export type { StaticOptions } from './static';
export * from './live';
