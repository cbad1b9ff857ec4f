import { JsonReporter } from './json-reporter.js';
import type { Reporter, ReporterName, Write } from './reporter.js';
import { SummaryReporter } from './summary-reporter.js';
import { TapReporter } from './tap-reporter.js';

export function createReporter(name: ReporterName, write: Write): Reporter {
  switch (name) {
    case 'tap': return new TapReporter(write);
    case 'json': return new JsonReporter(write);
    case 'summary': return new SummaryReporter(write);
  }
}
