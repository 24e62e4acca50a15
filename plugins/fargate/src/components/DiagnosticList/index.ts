export { DiagnosticList } from './DiagnosticList';
