"""The app bench/server.py serves: one Textbox echoed back by a ``submit`` with no concurrency limit.

Written ``import gradio as gr`` so that the same file runs under real Gradio
(``PORT=7860 python bench/apps/echo.py``) and under blockspec's compatibility shim
(``blockspec serve bench/apps/echo.py --port 7860``, which does not run the ``__main__`` block).
"""

import gradio as gr


def echo(x):
    return x


with gr.Blocks() as demo:
    box = gr.Textbox()
    box.submit(echo, box, box, api_name="echo", concurrency_limit=None)


if __name__ == "__main__":
    import os

    demo.queue(default_concurrency_limit=None)
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]), quiet=True)
