import type { Router } from '../router';

/** `GET /users/me`: the credential check. */
export function registerUserRoutes(router: Router): void {
  router.add('GET', '/users/me', () => ({
    status: 200,
    body: {
      user: {
        username: 'admin',
        firstName: 'Fake',
        lastName: 'Admin',
        email: 'admin@example.com',
        phone: '',
        signature: null,
        links: { lists: '/api/3/users/1/userGroup', userGroup: '/api/3/users/1/userGroup' },
        id: '1',
      },
    },
  }));
}
