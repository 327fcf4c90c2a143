import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { Layout } from './Layout.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { NotFoundPage } from '../features/errors/NotFoundPage.tsx';

/**
 * A page in a chunk of its own, loaded when it is first shown: the first load carries the shell,
 * the home page and the texts, and a page's heavy parts (the charts' Plot and d3, the Gantt chart,
 * the forms) come only with the pages that use them. The Layout's Suspense shows a loading text
 * on a first load; a navigation (a transition) keeps the old page until the new one is in.
 */
function page<M extends Record<K, ComponentType>, K extends string>(load: () => Promise<M>, name: K) {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return <Page />;
}

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/search', element: page(() => import('../features/search/SearchPage.tsx'), 'SearchPage') },
      { path: '/login', element: page(() => import('../features/accounts/LoginPage.tsx'), 'LoginPage') },
      { path: '/register', element: page(() => import('../features/accounts/RegisterPage.tsx'), 'RegisterPage') },
      { path: '/profile', element: page(() => import('../features/accounts/ProfilePage.tsx'), 'ProfilePage') },
      { path: '/invitation', element: page(() => import('../features/accounts/InvitationPage.tsx'), 'InvitationPage') },
      { path: '/forgot-password', element: page(() => import('../features/accounts/PasswordResetPages.tsx'), 'ForgotPasswordPage') },
      { path: '/password-reset', element: page(() => import('../features/accounts/PasswordResetPages.tsx'), 'PasswordResetPage') },
      { path: '/following', element: page(() => import('../features/following/FollowingPage.tsx'), 'FollowingPage') },
      { path: '/unsubscribe', element: page(() => import('../features/following/UnsubscribePage.tsx'), 'UnsubscribePage') },
      { path: '/admin/users', element: page(() => import('../features/admin/AdminUsersPage.tsx'), 'AdminUsersPage') },
      { path: '/accessibility', element: page(() => import('../features/accessibility/AccessibilityPage.tsx'), 'AccessibilityPage') },
      { path: '/bottlenecks', element: page(() => import('../features/bottlenecks/BottlenecksPage.tsx'), 'BottlenecksPage') },
      { path: '/bottlenecks/new', element: page(() => import('../features/bottlenecks/ReportPage.tsx'), 'ReportPage') },
      { path: '/bottlenecks/overview', element: page(() => import('../features/bottlenecks/OverviewPage.tsx'), 'OverviewPage') },
      { path: '/bottlenecks/moderation', element: page(() => import('../features/bottlenecks/ModerationPage.tsx'), 'ModerationPage') },
      { path: '/bottlenecks/status', element: page(() => import('../features/bottlenecks/ReportStatusPage.tsx'), 'ReportStatusPage') },
      { path: '/bottlenecks/:ref', element: page(() => import('../features/bottlenecks/BottleneckPage.tsx'), 'BottleneckPage') },
      { path: '/desk', element: page(() => import('../features/desk/DeskPage.tsx'), 'DeskPage') },
      { path: '/editor', element: page(() => import('../features/editor/EditorPage.tsx'), 'EditorPage') },
      { path: '/institutions', element: page(() => import('../features/institutions/InstitutionsPage.tsx'), 'InstitutionsPage') },
      { path: '/institutions/new', element: page(() => import('../features/institutions/InstitutionFormPage.tsx'), 'InstitutionFormPage') },
      { path: '/institutions/:slug/edit', element: page(() => import('../features/institutions/InstitutionFormPage.tsx'), 'InstitutionFormPage') },
      { path: '/editor/glossary', element: page(() => import('../features/glossary/GlossaryPage.tsx'), 'GlossaryPage') },
      { path: '/editor/glossary/new', element: page(() => import('../features/glossary/GlossaryEntryPage.tsx'), 'GlossaryEntryPage') },
      { path: '/editor/glossary/:id', element: page(() => import('../features/glossary/GlossaryEntryPage.tsx'), 'GlossaryEntryPage') },
      { path: '/dialogues', element: page(() => import('../features/dialogues/DialoguesPage.tsx'), 'DialoguesPage') },
      { path: '/dialogues/new', element: page(() => import('../features/dialogues/DialogueFormPage.tsx'), 'DialogueFormPage') },
      { path: '/dialogues/:ref', element: page(() => import('../features/dialogues/DialoguePage.tsx'), 'DialoguePage') },
      { path: '/dialogues/:ref/edit', element: page(() => import('../features/dialogues/DialogueFormPage.tsx'), 'DialogueFormPage') },
      { path: '/dialogues/:ref/interview', element: page(() => import('../features/dialogues/InterviewPage.tsx'), 'InterviewPage') },
      { path: '/interview-guides', element: page(() => import('../features/dialogues/GuidesPage.tsx'), 'GuidesPage') },
      { path: '/recommendations', element: page(() => import('../features/recommendations/RecommendationsPage.tsx'), 'RecommendationsPage') },
      { path: '/recommendations/new', element: page(() => import('../features/recommendations/RecommendationFormPage.tsx'), 'RecommendationFormPage') },
      { path: '/recommendations/:ref', element: page(() => import('../features/recommendations/RecommendationPage.tsx'), 'RecommendationPage') },
      { path: '/recommendations/:ref/edit', element: page(() => import('../features/recommendations/RecommendationFormPage.tsx'), 'RecommendationFormPage') },
      { path: '/actions', element: page(() => import('../features/actions/ActionsPage.tsx'), 'ActionsPage') },
      { path: '/actions/new', element: page(() => import('../features/actions/ActionFormPage.tsx'), 'ActionFormPage') },
      { path: '/actions/roadmap', element: page(() => import('../features/actions/roadmap/RoadmapPage.tsx'), 'RoadmapPage') },
      { path: '/actions/raci', element: page(() => import('../features/actions/roadmap/RaciPage.tsx'), 'RaciPage') },
      { path: '/actions/import', element: page(() => import('../features/actions/ImportPlanPage.tsx'), 'ImportPlanPage') },
      { path: '/actions/:ref', element: page(() => import('../features/actions/ActionPage.tsx'), 'ActionPage') },
      { path: '/actions/:ref/edit', element: page(() => import('../features/actions/ActionFormPage.tsx'), 'ActionFormPage') },
      { path: '/reports/progress', element: page(() => import('../features/reports/ProgressReportPage.tsx'), 'ProgressReportPage') },
      { path: '/stakeholders', element: page(() => import('../features/dialogues/StakeholdersPage.tsx'), 'StakeholdersPage') },
      { path: '/governance', element: page(() => import('../features/governance/GovernancePage.tsx'), 'GovernancePage') },
      { path: '/governance/new', element: page(() => import('../features/governance/GovernanceFormPage.tsx'), 'GovernanceFormPage') },
      { path: '/governance/:slug/edit', element: page(() => import('../features/governance/GovernanceFormPage.tsx'), 'GovernanceFormPage') },
      { path: '/planning', element: page(() => import('../features/planning/PlanningPage.tsx'), 'PlanningPage') },
      { path: '/planning/instruments/:slug', element: page(() => import('../features/planning/InstrumentPage.tsx'), 'InstrumentPage') },
      { path: '/planning/plans', element: page(() => import('../features/planning/PlansPage.tsx'), 'PlansPage') },
      { path: '/planning/plans/new', element: page(() => import('../features/planning/NewPlanPage.tsx'), 'NewPlanPage') },
      { path: '/planning/plans/:slug', element: page(() => import('../features/planning/PlanPage.tsx'), 'PlanPage') },
      { path: '/regions', element: page(() => import('../features/regions/RegionsPage.tsx'), 'RegionsPage') },
      { path: '/regions/compare', element: page(() => import('../features/regions/ComparePage.tsx'), 'ComparePage') },
      { path: '/regions/scores', element: page(() => import('../features/regions/ScoresPage.tsx'), 'ScoresPage') },
      { path: '/regions/new', element: page(() => import('../features/regions/RegionFormPage.tsx'), 'RegionFormPage') },
      { path: '/regions/:slug/edit', element: page(() => import('../features/regions/RegionFormPage.tsx'), 'RegionFormPage') },
      { path: '/regions/:slug', element: page(() => import('../features/regions/RegionPage.tsx'), 'RegionPage') },
      { path: '/datasets', element: page(() => import('../features/catalog/DatasetsPage.tsx'), 'DatasetsPage') },
      { path: '/datasets/new', element: page(() => import('../features/catalog/DatasetFormPage.tsx'), 'DatasetFormPage') },
      { path: '/datasets/:id', element: page(() => import('../features/catalog/DatasetPage.tsx'), 'DatasetPage') },
      { path: '/datasets/:id/edit', element: page(() => import('../features/catalog/DatasetFormPage.tsx'), 'DatasetFormPage') },
      { path: '/indicators', element: page(() => import('../features/indicators/IndicatorsPage.tsx'), 'IndicatorsPage') },
      { path: '/indicators/:id', element: page(() => import('../features/indicators/IndicatorPage.tsx'), 'IndicatorPage') },
      { path: '/editor/indicators', element: page(() => import('../features/indicatorEditor/IndicatorEditorListPage.tsx'), 'IndicatorEditorListPage') },
      { path: '/editor/indicators/new', element: page(() => import('../features/indicatorEditor/IndicatorEditorPage.tsx'), 'IndicatorEditorPage') },
      { path: '/editor/indicators/:id/edit', element: page(() => import('../features/indicatorEditor/IndicatorEditorPage.tsx'), 'IndicatorEditorPage') },
      { path: '/admin/harvest', element: page(() => import('../features/harvest/HarvestSourcesPage.tsx'), 'HarvestSourcesPage') },
      { path: '/admin/harvest/:id', element: page(() => import('../features/harvest/HarvestSourcePage.tsx'), 'HarvestSourcePage') },
      { path: '/admin/harvest/:id/runs/:runId', element: page(() => import('../features/harvest/HarvestRunPage.tsx'), 'HarvestRunPage') },
      { path: '/admin/statistics', element: page(() => import('../features/statistics/StatisticsSourcesPage.tsx'), 'StatisticsSourcesPage') },
      { path: '/admin/statistics/:id', element: page(() => import('../features/statistics/StatisticsSourcePage.tsx'), 'StatisticsSourcePage') },
      { path: '/admin/statistics/:id/runs/:runId', element: page(() => import('../features/statistics/StatisticsRunPage.tsx'), 'StatisticsRunPage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
