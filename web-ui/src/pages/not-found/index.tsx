import { Link } from '../../components/link/index.tsx'

export function NotFoundPage () {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. <Link href="/">Go to the dashboard</Link>.</p>
    </>
  )
}
