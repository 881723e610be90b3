"""``Blocks.integrate``: the launched app's link written into an experiment tracker's run.

Each tracker object is used as Gradio 4.44.1 uses it (``gradio/blocks.py`` ``integrate``): a
Comet experiment gets the URL as text, a W&B run an iframe panel of the share link, an MLflow
run a parameter. The trackers are the app's own objects: blockspec imports none of them.
"""

from __future__ import annotations

from typing import Any

from ._errors import LifecycleError

__all__ = ["integrate"]


def integrate(app: Any, *, comet_ml: Any = None, wandb: Any = None, mlflow: Any = None) -> None:
    """Record ``app``'s link with each tracker given; ``app.integrations`` names them."""
    if app.launch_settings is None:
        raise LifecycleError("integrate() was called before launch(). Call demo.launch(...) first.")
    url = app.share_url or app.local_url
    done = []
    if comet_ml is not None:
        done.append("comet_ml")
        if url is not None:
            comet_ml.log_other("Created from", "Gradio")
            comet_ml.log_text(f"gradio: {url}")
            comet_ml.end()
    if wandb is not None:
        done.append("wandb")
        if app.share_url is not None:
            wandb.log(
                {
                    "Gradio panel": wandb.Html(
                        f'<iframe src="{app.share_url}" width="1024" height="500" frameBorder="0"></iframe>'
                    )
                }
            )
    if mlflow is not None:
        done.append("mlflow")
        if app.share_url is not None:
            mlflow.log_param("Gradio Interface Share Link", app.share_url)
        elif app.local_url is not None:
            mlflow.log_param("Gradio Interface Local Link", app.local_url)
    app.integrations = app.integrations + tuple(done)
