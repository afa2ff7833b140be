import { Link } from 'react-router';
import { useTitle } from '../lib/use-title';

export function NotFound() {
  useTitle('Not found');
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link to="/">Go to My work</Link>.
      </p>
    </section>
  );
}
