import type { RouteObject } from 'react-router';
import { Layout } from './Layout.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { LoginPage } from '../features/accounts/LoginPage.tsx';
import { RegisterPage } from '../features/accounts/RegisterPage.tsx';
import { ProfilePage } from '../features/accounts/ProfilePage.tsx';
import { InvitationPage } from '../features/accounts/InvitationPage.tsx';
import { ForgotPasswordPage, PasswordResetPage } from '../features/accounts/PasswordResetPages.tsx';
import { FollowingPage } from '../features/following/FollowingPage.tsx';
import { UnsubscribePage } from '../features/following/UnsubscribePage.tsx';
import { AdminUsersPage } from '../features/admin/AdminUsersPage.tsx';
import { AccessibilityPage } from '../features/accessibility/AccessibilityPage.tsx';
import { NotFoundPage } from '../features/errors/NotFoundPage.tsx';
import { BottlenecksPage } from '../features/bottlenecks/BottlenecksPage.tsx';
import { BottleneckPage } from '../features/bottlenecks/BottleneckPage.tsx';
import { ReportPage } from '../features/bottlenecks/ReportPage.tsx';
import { ReportStatusPage } from '../features/bottlenecks/ReportStatusPage.tsx';
import { OverviewPage } from '../features/bottlenecks/OverviewPage.tsx';
import { ModerationPage } from '../features/bottlenecks/ModerationPage.tsx';
import { DeskPage } from '../features/desk/DeskPage.tsx';
import { EditorPage } from '../features/editor/EditorPage.tsx';
import { InstitutionsPage } from '../features/institutions/InstitutionsPage.tsx';
import { InstitutionFormPage } from '../features/institutions/InstitutionFormPage.tsx';
import { GlossaryPage } from '../features/glossary/GlossaryPage.tsx';
import { GlossaryEntryPage } from '../features/glossary/GlossaryEntryPage.tsx';
import { RegionsPage } from '../features/regions/RegionsPage.tsx';
import { RegionPage } from '../features/regions/RegionPage.tsx';
import { ComparePage } from '../features/regions/ComparePage.tsx';
import { ScoresPage } from '../features/regions/ScoresPage.tsx';
import { RegionFormPage } from '../features/regions/RegionFormPage.tsx';
import { DialoguesPage } from '../features/dialogues/DialoguesPage.tsx';
import { DialoguePage } from '../features/dialogues/DialoguePage.tsx';
import { DialogueFormPage } from '../features/dialogues/DialogueFormPage.tsx';
import { StakeholdersPage } from '../features/dialogues/StakeholdersPage.tsx';
import { GovernancePage } from '../features/governance/GovernancePage.tsx';
import { GovernanceFormPage } from '../features/governance/GovernanceFormPage.tsx';
import { InterviewPage } from '../features/dialogues/InterviewPage.tsx';
import { GuidesPage } from '../features/dialogues/GuidesPage.tsx';
import { RecommendationsPage } from '../features/recommendations/RecommendationsPage.tsx';
import { RecommendationPage } from '../features/recommendations/RecommendationPage.tsx';
import { RecommendationFormPage } from '../features/recommendations/RecommendationFormPage.tsx';
import { ActionsPage } from '../features/actions/ActionsPage.tsx';
import { ActionPage } from '../features/actions/ActionPage.tsx';
import { ActionFormPage } from '../features/actions/ActionFormPage.tsx';
import { ProgressReportPage } from '../features/reports/ProgressReportPage.tsx';
import { RoadmapPage } from '../features/actions/roadmap/RoadmapPage.tsx';
import { RaciPage } from '../features/actions/roadmap/RaciPage.tsx';
import { ImportPlanPage } from '../features/actions/ImportPlanPage.tsx';
import { DatasetsPage } from '../features/catalog/DatasetsPage.tsx';
import { DatasetPage } from '../features/catalog/DatasetPage.tsx';
import { DatasetFormPage } from '../features/catalog/DatasetFormPage.tsx';
import { HarvestSourcesPage } from '../features/harvest/HarvestSourcesPage.tsx';
import { HarvestSourcePage } from '../features/harvest/HarvestSourcePage.tsx';
import { HarvestRunPage } from '../features/harvest/HarvestRunPage.tsx';
import { StatisticsSourcesPage } from '../features/statistics/StatisticsSourcesPage.tsx';
import { StatisticsSourcePage } from '../features/statistics/StatisticsSourcePage.tsx';
import { StatisticsRunPage } from '../features/statistics/StatisticsRunPage.tsx';
import { SearchPage } from '../features/search/SearchPage.tsx';
import { IndicatorsPage } from '../features/indicators/IndicatorsPage.tsx';
import { IndicatorPage } from '../features/indicators/IndicatorPage.tsx';
import { IndicatorEditorListPage } from '../features/indicatorEditor/IndicatorEditorListPage.tsx';
import { IndicatorEditorPage } from '../features/indicatorEditor/IndicatorEditorPage.tsx';

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/profile', element: <ProfilePage /> },
      { path: '/invitation', element: <InvitationPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/password-reset', element: <PasswordResetPage /> },
      { path: '/following', element: <FollowingPage /> },
      { path: '/unsubscribe', element: <UnsubscribePage /> },
      { path: '/admin/users', element: <AdminUsersPage /> },
      { path: '/accessibility', element: <AccessibilityPage /> },
      { path: '/bottlenecks', element: <BottlenecksPage /> },
      { path: '/bottlenecks/new', element: <ReportPage /> },
      { path: '/bottlenecks/overview', element: <OverviewPage /> },
      { path: '/bottlenecks/moderation', element: <ModerationPage /> },
      { path: '/bottlenecks/status', element: <ReportStatusPage /> },
      { path: '/bottlenecks/:ref', element: <BottleneckPage /> },
      { path: '/desk', element: <DeskPage /> },
      { path: '/editor', element: <EditorPage /> },
      { path: '/institutions', element: <InstitutionsPage /> },
      { path: '/institutions/new', element: <InstitutionFormPage /> },
      { path: '/institutions/:slug/edit', element: <InstitutionFormPage /> },
      { path: '/editor/glossary', element: <GlossaryPage /> },
      { path: '/editor/glossary/new', element: <GlossaryEntryPage /> },
      { path: '/editor/glossary/:id', element: <GlossaryEntryPage /> },
      { path: '/dialogues', element: <DialoguesPage /> },
      { path: '/dialogues/new', element: <DialogueFormPage /> },
      { path: '/dialogues/:ref', element: <DialoguePage /> },
      { path: '/dialogues/:ref/edit', element: <DialogueFormPage /> },
      { path: '/dialogues/:ref/interview', element: <InterviewPage /> },
      { path: '/interview-guides', element: <GuidesPage /> },
      { path: '/recommendations', element: <RecommendationsPage /> },
      { path: '/recommendations/new', element: <RecommendationFormPage /> },
      { path: '/recommendations/:ref', element: <RecommendationPage /> },
      { path: '/recommendations/:ref/edit', element: <RecommendationFormPage /> },
      { path: '/actions', element: <ActionsPage /> },
      { path: '/actions/new', element: <ActionFormPage /> },
      { path: '/actions/roadmap', element: <RoadmapPage /> },
      { path: '/actions/raci', element: <RaciPage /> },
      { path: '/actions/import', element: <ImportPlanPage /> },
      { path: '/actions/:ref', element: <ActionPage /> },
      { path: '/actions/:ref/edit', element: <ActionFormPage /> },
      { path: '/reports/progress', element: <ProgressReportPage /> },
      { path: '/stakeholders', element: <StakeholdersPage /> },
      { path: '/governance', element: <GovernancePage /> },
      { path: '/governance/new', element: <GovernanceFormPage /> },
      { path: '/governance/:slug/edit', element: <GovernanceFormPage /> },
      { path: '/regions', element: <RegionsPage /> },
      { path: '/regions/compare', element: <ComparePage /> },
      { path: '/regions/scores', element: <ScoresPage /> },
      { path: '/regions/new', element: <RegionFormPage /> },
      { path: '/regions/:slug/edit', element: <RegionFormPage /> },
      { path: '/regions/:slug', element: <RegionPage /> },
      { path: '/datasets', element: <DatasetsPage /> },
      { path: '/datasets/new', element: <DatasetFormPage /> },
      { path: '/datasets/:id', element: <DatasetPage /> },
      { path: '/datasets/:id/edit', element: <DatasetFormPage /> },
      { path: '/indicators', element: <IndicatorsPage /> },
      { path: '/indicators/:id', element: <IndicatorPage /> },
      { path: '/editor/indicators', element: <IndicatorEditorListPage /> },
      { path: '/editor/indicators/new', element: <IndicatorEditorPage /> },
      { path: '/editor/indicators/:id/edit', element: <IndicatorEditorPage /> },
      { path: '/admin/harvest', element: <HarvestSourcesPage /> },
      { path: '/admin/harvest/:id', element: <HarvestSourcePage /> },
      { path: '/admin/harvest/:id/runs/:runId', element: <HarvestRunPage /> },
      { path: '/admin/statistics', element: <StatisticsSourcesPage /> },
      { path: '/admin/statistics/:id', element: <StatisticsSourcePage /> },
      { path: '/admin/statistics/:id/runs/:runId', element: <StatisticsRunPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
