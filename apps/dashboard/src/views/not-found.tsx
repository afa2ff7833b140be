import { Link } from 'react-router';

export function NotFound() {
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link to="/">Go to My work</Link>.
      </p>
    </section>
  );
}
