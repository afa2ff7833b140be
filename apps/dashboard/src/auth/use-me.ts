import { createContext, useContext, useSyncExternalStore } from 'react';

import { type Me, session } from './session';

/** The signed-in user of the page (null before sign-in). */
export const MeContext = createContext<Me | null>(null);
export const useMe = () => useContext(MeContext);

/** Whether the tab holds a sign-in; re-renders on sign-in and sign-out. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, () => session.current() !== null);
}

export const isAdmin = (me: Me | null) => me?.role === 'admin';
export const isPrivacyOfficer = (me: Me | null) => !!me?.permissions.includes('privacy_officer');
