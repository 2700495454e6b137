// Uploads an attachment straight to the API route (the gateway forwards uploads unparsed, so its own pages take no
// multipart forms): the session's token is relayed like for any /api call, the CSRF token goes as a header, and the
// service's problem+json message is shown under the file input.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('attachment-form');
  if (!form) {
    return;
  }
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const error = document.getElementById('attachment-error');
    const input = document.getElementById('attachment-file');
    error.textContent = '';
    input.classList.remove('is-invalid');
    const body = new FormData();
    if (input.files.length > 0) {
      body.append('file', input.files[0]);
    }
    try {
      const response = await fetch(form.dataset.upload, {
        method: 'POST', body, headers: {[form.dataset.csrfHeader]: form.dataset.csrfToken, 'Accept': 'application/json'}
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const problem = await response.json().catch(() => ({}));
      error.textContent = problem.detail || ('The service answered ' + response.status);
    } catch (unreachable) {
      error.textContent = 'The upload did not reach the service; try again.';
    }
    input.classList.add('is-invalid');
  });
});
