import type { RouteObject } from 'react-router';
import { Layout } from './Layout.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { LoginPage } from '../features/accounts/LoginPage.tsx';
import { RegisterPage } from '../features/accounts/RegisterPage.tsx';
import { ProfilePage } from '../features/accounts/ProfilePage.tsx';
import { AdminUsersPage } from '../features/admin/AdminUsersPage.tsx';
import { AccessibilityPage } from '../features/accessibility/AccessibilityPage.tsx';
import { NotFoundPage } from '../features/errors/NotFoundPage.tsx';

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/profile', element: <ProfilePage /> },
      { path: '/admin/users', element: <AdminUsersPage /> },
      { path: '/accessibility', element: <AccessibilityPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
