/** A small client for the server's human API, used by the demo seeder: JSON in, JSON out, errors explained. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  async login(username: string, password: string): Promise<void> {
    const { token } = await this.post<{ token: string }>('/api/v1/auth/login', { username, password });
    this.token = token;
  }

  post<T>(path: string, body: unknown, contentType = 'application/json'): Promise<T> {
    return this.send<T>('POST', path, contentType === 'application/json' ? JSON.stringify(body) : String(body), contentType);
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  private async send<T>(method: string, path: string, body?: string, contentType?: string): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...(contentType && { 'content-type': contentType }), ...(this.token && { authorization: `Bearer ${this.token}` }) },
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
