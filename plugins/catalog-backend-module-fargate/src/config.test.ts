import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_SCHEDULE, readFargateCatalogConfig } from './config';

type ConfigData = NonNullable<Parameters<typeof mockServices.rootConfig>[0]>['data'];
const read = (data: ConfigData) => readFargateCatalogConfig(mockServices.rootConfig({ data }));

describe('readFargateCatalogConfig', () => {
  it('defaults to a refresh every 5 minutes, the first within a minute of the start', () => {
    expect(read({})).toEqual({ schedule: DEFAULT_SCHEDULE, ownerTag: 'owner', defaultOwner: 'unknown' });
    expect(DEFAULT_SCHEDULE.initialDelay).toEqual({ seconds: 15 });
  });

  it('reads the schedule, the default owner and the fargate backend’s owner tag', () => {
    const config = read({
      fargate: { ownerTag: 'team' },
      catalog: {
        providers: {
          fargate: {
            schedule: { frequency: 'PT10M', timeout: { minutes: 2 }, initialDelay: '30s' },
            defaultOwner: 'group:default/platform',
          },
        },
      },
    });
    expect(config.ownerTag).toBe('team');
    expect(config.defaultOwner).toBe('group:default/platform');
    // ISO durations and duration strings, as every Backstage schedule reads them.
    expect(config.schedule).toEqual({
      frequency: { minutes: 10 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 30 },
    });
  });

  it('names the setting of an incomplete schedule', () => {
    expect(() => read({ catalog: { providers: { fargate: { schedule: { frequency: { minutes: 5 } } } } } })).toThrow(
      /timeout/,
    );
  });

  it('refuses an empty default owner', () => {
    expect(() => read({ catalog: { providers: { fargate: { defaultOwner: ' ' } } } })).toThrow(
      'catalog.providers.fargate.defaultOwner',
    );
  });
});
