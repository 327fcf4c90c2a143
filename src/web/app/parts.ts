/**
 * The platform's parts (DESIGN.md) in navigation order. A part appears in the header once it is
 * built: add it here together with its route.
 */
export const PARTS: { path: string; labelKey: string }[] = [
  { path: '/', labelKey: 'common:nav.home' },
  { path: '/bottlenecks', labelKey: 'common:nav.bottlenecks' },
  { path: '/dialogues', labelKey: 'common:nav.dialogues' },
  { path: '/recommendations', labelKey: 'common:nav.recommendations' },
  { path: '/regions', labelKey: 'common:nav.regions' },
  { path: '/governance', labelKey: 'common:nav.governance' },
  { path: '/planning', labelKey: 'common:nav.planning' },
  { path: '/framework', labelKey: 'common:nav.framework' },
  { path: '/consultations', labelKey: 'common:nav.consultations' },
  { path: '/actions', labelKey: 'common:nav.actions' },
  { path: '/institutions', labelKey: 'common:nav.institutions' },
  { path: '/datasets', labelKey: 'common:nav.datasets' },
  { path: '/indicators', labelKey: 'common:nav.indicators' },
  { path: '/pilots', labelKey: 'common:nav.pilots' },
];
