import { Suspense, lazy, useEffect, useState } from 'react';
import { BrowserRouter, NavLink, Route, Routes, useLocation, useParams } from 'react-router';

import { get, post } from './api/client';
import { type Me, session } from './auth/session';
import { SignIn } from './auth/sign-in';
import { MeContext, isAdmin, useSignedIn } from './auth/use-me';
import { Placeholder, Problem } from './components/problem';
import { MyWork } from './views/my-work';
import { NewTask } from './views/new-task';
import { NotFound } from './views/not-found';
import { Operations } from './views/operations';
import { OrganizationView } from './views/organization';
import { ReportForm } from './views/report-form';
import { ReportStatus } from './views/report-status';
import { RulesView } from './views/rules';
import { TaskView } from './views/task-view';

// The charts library is large: the load view loads it when it is first opened.
const LoadView = lazy(() => import('./views/load').then((m) => ({ default: m.LoadView })));
const ReviewsView = lazy(() => import('./views/reviews').then((m) => ({ default: m.ReviewsView })));
const ReviewRunView = lazy(() => import('./views/reviews').then((m) => ({ default: m.ReviewRunView })));

/** A task view per task id: nothing of the previous task (a revealed identity, its mail) stays on screen. */
function KeyedTaskView() {
  const { id = '' } = useParams();
  return <TaskView key={id} />;
}

/** The signed-in part: navigation and the views. */
function Workspace() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<Error>();
  useEffect(() => {
    get<Me>('/api/v1/auth/me').then(setMe, setError);
  }, []);
  const signOut = () => {
    post('/api/v1/auth/logout')
      .catch(() => undefined) // signed out here either way; the server ends the session when the token expires
      .finally(() => session.clear());
  };
  return (
    <MeContext.Provider value={me}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Orgo</span>
        <nav aria-label="Views">
          <NavLink to="/" end>
            My work
          </NavLink>
          <NavLink to="/load">Escalations and load</NavLink>
          <NavLink to="/organization">Organization</NavLink>
          <NavLink to="/rules">Rules</NavLink>
          <NavLink to="/reviews">Reviews</NavLink>
          {isAdmin(me) && <NavLink to="/operations">Operations</NavLink>}
        </nav>
        <span className="who">
          {me?.email}
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main">
        <Problem error={error} />
        {me ? (
          <Suspense fallback={<Placeholder rows={6} />}>
            <Routes>
              <Route path="/" element={<MyWork />} />
              <Route path="/tasks/new" element={<NewTask />} />
              <Route path="/tasks/:id" element={<KeyedTaskView />} />
              <Route path="/load" element={<LoadView />} />
              <Route path="/organization" element={<OrganizationView />} />
              <Route path="/rules" element={<RulesView />} />
              <Route path="/reviews" element={<ReviewsView />} />
              <Route path="/reviews/:id" element={<ReviewRunView />} />
              <Route path="/operations" element={<Operations />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        ) : (
          !error && <Placeholder rows={6} />
        )}
      </main>
    </MeContext.Provider>
  );
}

/** Public pages (the report form) need no sign-in; everything else does. */
function Pages() {
  const signedIn = useSignedIn();
  const location = useLocation();
  if (location.pathname.startsWith('/report/')) {
    return (
      <Routes>
        <Route path="/report/status" element={<ReportStatus />} />
        <Route path="/report/:organization/:role" element={<ReportForm />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    );
  }
  return signedIn ? <Workspace /> : <SignIn />;
}

export function App() {
  return (
    <BrowserRouter>
      <Pages />
    </BrowserRouter>
  );
}
